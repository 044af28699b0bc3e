-- wrk script: the resident's finder page (server-rendered HTML) with residents' searches.
local paths = {
  "/fi/services?q=kotihoito",
  "/fi/services?q=kotihoidon",
  "/sv/services?q=hemv%C3%A5rden",
  "/en/services?q=home+care",
  "/fi/services?q=hammas",
  "/fi/services?q=neuvolaan&municipality=638",
  "/fi/services?q=mielenterveys+nuoret",
  "/sv/services?q=barnskyddet",
  "/fi/services?q=kotihoitp",
  "/fi/services?q=terveysasema&near=60.3795,25.6928",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
