-- wrk script: POST a brand-kit request with the key from BRANDGEN_BENCH_KEY (empty: no key).
wrk.method = "POST"
wrk.body = '{"company_name":"Bench Robotics","industry":"technology","style":"modern","primary_color":"#1a73e8"}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BRANDGEN_BENCH_KEY")
if key and key ~= "" then
  wrk.headers["X-API-Key"] = key
end
