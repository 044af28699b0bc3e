-- wrk script: a mixed stream of residents' searches against /api/v1/services.
local paths = {
  "/api/v1/services?q=kotihoito",
  "/api/v1/services?q=kotihoidon&per_page=10",
  "/api/v1/services?q=hemv%C3%A5rden&lang=sv",
  "/api/v1/services?q=home+care&lang=en",
  "/api/v1/services?q=hammas",
  "/api/v1/services?q=neuvolaan&municipality=638",
  "/api/v1/services?q=mielenterveys+nuoret",
  "/api/v1/services?q=barnskyddet&lang=sv",
  "/api/v1/services?q=kotihoitp",
  "/api/v1/services?q=terveysasema&near=60.3795,25.6928&per_page=5",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
