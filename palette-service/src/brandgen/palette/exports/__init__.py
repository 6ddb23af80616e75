"""Palette exports: CSS custom properties, Tailwind theme, W3C design tokens, Adobe ASE, contrast report."""
