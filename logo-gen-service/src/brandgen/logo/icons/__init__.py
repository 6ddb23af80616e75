"""Open-licence icons for logo marks: the vendored set, matching to a company's words, and drawing."""
