-- Headless Neovim end-to-end test of editors/nvim against the real podls server.
--
-- Run by tests/editors/nvim/run.sh, one Neovim per case:
--   PODLS_CASE=<case> nvim --headless --clean -u tests/editors/nvim/e2e.lua tests/editors/fixtures/pod.yaml
-- `podls` must be on PATH: the plugin's own default command { 'podls', 'lsp' } is what runs.
-- Cases:
--   diagnostics  filetype detection, diagnostics (lines and codes), hover, completion
--   edit         edits the buffer and checks that the diagnostics follow
--   settings     `settings` from vim.lsp.config reach the server (rules.disable, rules.severity)
--   fallback     the Neovim 0.10 path (require('podls').setup() with vim.lsp.start)
-- Prints one `ok`/`not ok` line per check and exits 0 only when all passed.

local case = os.getenv('PODLS_CASE') or 'diagnostics'
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local root = vim.fn.fnamemodify(here, ':h:h:h')
local fixtures = root .. '/tests/editors/fixtures'
local timeout_ms = tonumber(os.getenv('PODLS_TIMEOUT_MS') or '') or 15000

vim.opt.runtimepath:prepend(root .. '/editors/nvim')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'

-- print() goes to stderr without newlines in headless mode.
local function out(s)
  io.stdout:write(s, '\n')
  io.stdout:flush()
end

local failures = 0
local function check(ok, what, detail)
  if not ok then
    failures = failures + 1
  end
  out(('%s - %s%s'):format(ok and 'ok' or 'not ok', what, detail and (': ' .. detail) or ''))
  return ok
end

local function finish()
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients() == 0
  end, 20)
  out(('nvim %s: %s'):format(case, failures == 0 and 'PASS' or 'FAIL'))
  -- An error left in a headless init would hang instead of exiting: always leave explicitly.
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

-- The user's whole setup for Neovim 0.11+ is this one line (the fallback case uses setup()).
local ok_setup, setup_err = pcall(function()
  assert(vim.fn.executable('podls') == 1, 'podls is not on PATH')
  if case == 'fallback' then
    -- Hide the 0.11 API so setup() takes the path Neovim 0.10 takes.
    vim.lsp.config, vim.lsp.enable = nil, nil
    assert(require('podls').setup(), 'setup() returned false')
  else
    if case == 'settings' then
      vim.lsp.config('podls', {
        settings = { podls = { rules = { disable = { 'invalid-value' }, severity = { ['unknown-field'] = 'warning' } } } },
      })
    end
    vim.lsp.enable('podls')
  end
end)
if not ok_setup then
  out('not ok - setup: ' .. tostring(setup_err))
  vim.cmd('cquit! 1')
end

--- Diagnostics of a buffer as sorted "line:code" strings (1-based lines).
local function diag_keys(buf)
  local keys = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    keys[#keys + 1] = ('%d:%s'):format(d.lnum + 1, tostring(d.code))
  end
  table.sort(keys)
  return keys
end

local function dump(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out(('#   %d:%d [%s] %s (%s)'):format(d.lnum + 1, d.col + 1, tostring(d.code),
      d.message:gsub('\n', ' '), vim.diagnostic.severity[d.severity]))
  end
end

--- Waits until every `want` key ("line:code") is present and no `gone` key is.
local function wait_diags(buf, want, gone)
  local ok = vim.wait(timeout_ms, function()
    local have = {}
    for _, k in ipairs(diag_keys(buf)) do
      have[k] = true
    end
    for _, k in ipairs(want) do
      if not have[k] then
        return false
      end
    end
    for _, k in ipairs(gone or {}) do
      if have[k] then
        return false
      end
    end
    return true
  end, 20)
  return ok, table.concat(diag_keys(buf), ' ')
end

local function request(buf, method, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  local res = vim.lsp.buf_request_sync(buf, method, params, timeout_ms) or {}
  for _, r in pairs(res) do
    if r.result then
      return r.result
    end
  end
  return nil
end

local function hover_text(result)
  if not result or not result.contents then
    return ''
  end
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, p in ipairs(c) do
    parts[#parts + 1] = type(p) == 'string' and p or p.value
  end
  return table.concat(parts, '\n')
end

local function completion_labels(result)
  local labels = {}
  for _, item in ipairs(result and (result.items or result) or {}) do
    labels[#labels + 1] = item.label
  end
  return labels
end

local function attach(buf)
  local client
  local ok = vim.wait(timeout_ms, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'podls' })[1]
    return client ~= nil and client.initialized
  end, 20)
  return ok and client or nil
end

local cases = {}

function cases.diagnostics(buf)
  check(vim.bo[buf].filetype == 'yaml.pod', 'pod.yaml has filetype yaml.pod', vim.bo[buf].filetype)
  if not check(attach(buf) ~= nil, 'podls attached to pod.yaml') then
    return
  end
  local ok, have = wait_diags(buf, { '7:invalid-value', '12:unknown-field' })
  check(ok, 'diagnostics 7:invalid-value and 12:unknown-field', have)
  dump(buf)

  -- Hover on the key `imagePullPolicy` (line 11): the Kubernetes field description.
  local text = hover_text(request(buf, 'textDocument/hover', 10, 8))
  check(text:find('Image pull policy', 1, true) ~= nil, 'hover on imagePullPolicy', text:gsub('\n', ' | '))

  -- Completion of the value after `imagePullPolicy: `, as a user would type it.
  vim.api.nvim_buf_set_lines(buf, 10, 11, false, { '      imagePullPolicy: ' })
  local labels = completion_labels(request(buf, 'textDocument/completion', 10, 23))
  local set = {}
  for _, l in ipairs(labels) do
    set[l] = true
  end
  check(set.Always and set.IfNotPresent and set.Never, 'completion of imagePullPolicy values',
    table.concat(labels, ', '))

  -- Completion of a key on a new line inside the container.
  vim.api.nvim_buf_set_lines(buf, 10, 11, false, { '      imagePullPolicy: IfNotPresent', '      ' })
  labels = completion_labels(request(buf, 'textDocument/completion', 11, 6))
  set = {}
  for _, l in ipairs(labels) do
    set[l] = true
  end
  check(set.livenessProbe and set.securityContext, 'completion of container keys',
    #labels .. ' items: ' .. table.concat(vim.list_slice(labels, 1, 12), ', '))

  -- Another YAML document kind keeps plain `yaml`.
  vim.cmd.edit(vim.fn.fnameescape(fixtures .. '/configmap.yaml'))
  check(vim.bo.filetype == 'yaml', 'configmap.yaml keeps filetype yaml', vim.bo.filetype)
end

function cases.edit(buf)
  if not check(attach(buf) ~= nil, 'podls attached to pod.yaml') then
    return
  end
  local ok, have = wait_diags(buf, { '7:invalid-value', '12:unknown-field' })
  check(ok, 'initial diagnostics', have)

  -- Delete the `imagee` line: its unknown-field goes, the invalid restartPolicy stays.
  vim.api.nvim_buf_set_lines(buf, 11, 12, false, {})
  ok, have = wait_diags(buf, { '7:invalid-value' }, { '12:unknown-field' })
  check(ok, 'deleting line 12 removes unknown-field', have)

  -- Fix the value in place (a small incremental change): no diagnostics left.
  vim.api.nvim_buf_set_text(buf, 6, 17, 6, 26, { 'Never' })
  ok = vim.wait(timeout_ms, function()
    return #vim.diagnostic.get(buf) == 0
  end, 20)
  check(ok, 'fixing restartPolicy leaves no diagnostics', table.concat(diag_keys(buf), ' '))

  -- Type a new mistake above `image:`: it appears on its new line, and later lines shift.
  vim.api.nvim_buf_set_lines(buf, 9, 9, false, { '      bogus: 1' })
  ok, have = wait_diags(buf, { '10:unknown-field' })
  check(ok, 'a new unknown field on line 10 is reported', have)
  dump(buf)
end

function cases.settings(buf)
  if not check(attach(buf) ~= nil, 'podls attached to pod.yaml') then
    return
  end
  local ok = vim.wait(timeout_ms, function()
    local d = vim.diagnostic.get(buf)
    return #d == 1 and d[1].lnum == 11 and d[1].code == 'unknown-field'
      and d[1].severity == vim.diagnostic.severity.WARN
  end, 20)
  check(ok, 'invalid-value disabled, unknown-field downgraded to a warning', table.concat(diag_keys(buf), ' '))
  dump(buf)
end

function cases.fallback(buf)
  check(vim.lsp.config == nil, 'running without vim.lsp.config')
  local client = attach(buf)
  if not check(client ~= nil, 'podls started with vim.lsp.start') then
    return
  end
  local ok, have = wait_diags(buf, { '7:invalid-value', '12:unknown-field' })
  check(ok, 'diagnostics 7:invalid-value and 12:unknown-field', have)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(function()
      local run = cases[case]
      local ok, err = pcall(function()
        assert(run, 'unknown case ' .. case)
        run(vim.api.nvim_get_current_buf())
      end)
      if not ok then
        check(false, 'error', tostring(err))
      end
      finish()
    end)
  end,
})
