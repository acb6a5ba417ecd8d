-- Marks Kubernetes Pod manifests as the `yaml.pod` filetype, from their content rather than their
-- name: a `.yaml`/`.yml` file gets `yaml.pod` when one of its YAML documents has a top-level
-- `kind: Pod`. Anything else falls through to Neovim's own detection (plain `yaml`). `yaml.pod`
-- keeps YAML's syntax, indent, ftplugin and tree-sitter parser, since Neovim uses the first part
-- of a dotted filetype for those.

-- How many lines to look at; a Pod further down a long multi-document file stays `yaml`
-- (lsp/podls.lua attaches to plain `yaml` too, so the server still sees it).
local max_lines = 1000

local function detect(_, bufnr)
  if not bufnr or not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, max_lines, false)) do
    -- Top level only (no indentation), optionally quoted, optionally followed by a comment.
    if line:match('^kind:%s*Pod%s*$') or line:match('^kind:%s*Pod%s+#')
      or line:match('^kind:%s*"Pod"%s*$') or line:match("^kind:%s*'Pod'%s*$") then
      return 'yaml.pod'
    end
  end
  return nil
end

vim.filetype.add({
  pattern = {
    -- Positive priority: runs before the `.yaml` extension rule, which it falls back to.
    ['.*%.ya?ml'] = { detect, { priority = 10 } },
  },
})
