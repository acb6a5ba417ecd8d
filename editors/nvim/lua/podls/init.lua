-- Setup entry point for podls that works on Neovim 0.10 and 0.11+.
--
-- On 0.11+ it is a thin wrapper over the built-in configuration: `require('podls').setup(opts)`
-- equals `vim.lsp.config('podls', opts)` followed by `vim.lsp.enable('podls')`, and the defaults
-- come from lsp/podls.lua. On 0.10, which has no vim.lsp.config/enable, it starts the server itself
-- with vim.lsp.start for each buffer of a matching filetype, using the same defaults.
local M = {}

--- The defaults from lsp/podls.lua in this plugin, so both paths share one definition.
local function defaults()
  local here = debug.getinfo(1, 'S').source:sub(2)
  local root = vim.fn.fnamemodify(here, ':p:h:h:h')
  return dofile(root .. '/lsp/podls.lua')
end

--- Starts (or reuses) the server for one buffer; Neovim 0.10 path.
local function start(config, bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root_dir = fname ~= '' and vim.fs.root(bufnr, config.root_markers) or nil
  local start_config = vim.tbl_extend('force', config, {
    name = 'podls',
    root_dir = root_dir or vim.fn.getcwd(),
    init_options = config.init_options or (next(config.settings or {}) and config.settings or nil),
  })
  start_config.filetypes, start_config.root_markers = nil, nil
  vim.lsp.start(start_config, { bufnr = bufnr })
end

--- Sets podls up. `opts` may override any field of the vim.lsp.Config (cmd, filetypes,
--- root_markers, settings, ...). Returns true when the server is enabled.
---@param opts? table
---@return boolean
function M.setup(opts)
  opts = opts or {}
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    if next(opts) ~= nil then
      vim.lsp.config('podls', opts)
    end
    vim.lsp.enable('podls')
    return true
  end

  if vim.fn.has('nvim-0.10') == 0 then
    vim.notify('podls: Neovim 0.10 or newer is required', vim.log.levels.ERROR)
    return false
  end
  local config = vim.tbl_deep_extend('force', defaults(), opts)
  if vim.fn.executable(config.cmd[1]) == 0 then
    vim.notify(
      ('podls: %s is not executable; build podls and put it on PATH, or pass cmd = { "/path/to/podls", "lsp" }'):format(
        config.cmd[1]
      ),
      vim.log.levels.ERROR
    )
    return false
  end
  local group = vim.api.nvim_create_augroup('podls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(config, args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(config, bufnr)
    end
  end
  return true
end

return M
