-- Neovim 0.11+ configuration for the podls language server (Kubernetes Pod YAML).
-- With editors/nvim on the runtimepath, `vim.lsp.enable('podls')` is the whole setup.
--
-- Filetypes: ftdetect/podls.lua marks Pod manifests as `yaml.pod`. Plain `yaml` is listed too,
-- because detection runs once, when a buffer is opened: a new or empty file that becomes a Pod
-- later, a Pod far down a multi-document file, or a setup without the ftdetect script would
-- otherwise get no server. The server itself ignores every document that is not a Pod, so
-- attaching to other YAML costs one idle process. To attach to detected Pods only:
--   vim.lsp.config('podls', { filetypes = { 'yaml.pod' } })

---@type vim.lsp.Config
return {
  cmd = { 'podls', 'lsp' },
  filetypes = { 'yaml.pod', 'yaml' },
  root_markers = { '.git' },
  -- Settings, e.g. { podls = { rules = { disable = { 'image-latest' } } } }. Neovim sends them with
  -- workspace/didChangeConfiguration after start; before_init also sends them as
  -- initializationOptions, so the first diagnostics already follow them.
  settings = {},
  before_init = function(params, config)
    if params.initializationOptions == nil and config.settings and next(config.settings) ~= nil then
      params.initializationOptions = config.settings
    end
  end,
}
