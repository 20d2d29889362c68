"""One module per command, named like it, each a library function returning typed data: `build`,
`check`, `localize`, `inspect`, `fonts`, `doctor`, `specs_list`, `specs_show`, `specs_validate`,
`report`, `watch`, `strings_export`, `init`. cli/ parses options, calls one of these and prints
its result through report/. Each takes `config` (a campaign file) or `campaign` (loaded)."""
