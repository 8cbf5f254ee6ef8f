-- bench/guidance.lua - a POST of one complete set of answers to the
-- supermarket scenario (8 matters), for the evaluate and guide.pdf rows
-- of bench/run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"answers":{"format":"large","area":8000,"trade":"retail",' ..
  '"goods":["prepackaged","fresh"],"onsite":true,"alcohol":true,' ..
  '"entity":"new","signboard":true,"equipment":true,"renovation":false,' ..
  '"prepaid":true}}'
