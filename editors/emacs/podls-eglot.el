;;; podls-eglot.el --- podls for Kubernetes Pod YAML in Emacs, through eglot  -*- lexical-binding: t -*-

;; Put this in your init file (or load this file from it). It needs:
;; - eglot (built into Emacs 29+; for Emacs 28 install it from GNU ELPA, or Debian's elpa-eglot),
;; - yaml-mode (MELPA, or Debian's elpa-yaml-mode) or, on Emacs 29+, the built-in yaml-ts-mode,
;; - `podls' on `exec-path' (`cargo build --release' in the podls repository builds
;;   target/release/podls), or a full path in place of "podls" below.
;;
;; The server looks only at YAML documents with `apiVersion: v1' and `kind: Pod' and stays quiet on
;; any other YAML, so it is safe to start for every YAML buffer.

(with-eval-after-load 'eglot
  ;; `add-to-list' puts podls before any other YAML server that eglot knows about.
  (add-to-list 'eglot-server-programs
               '((yaml-mode yaml-ts-mode) . ("podls" "lsp"))))

;; Start podls in every YAML buffer. Leave these out to start it by hand with M-x eglot.
(add-hook 'yaml-mode-hook #'eglot-ensure)
(add-hook 'yaml-ts-mode-hook #'eglot-ensure)

;; Settings (optional). eglot sends them with workspace/didChangeConfiguration; change them and
;; run M-x eglot-signal-didChangeConfiguration, or set them per project in .dir-locals.el.
;; (setq-default eglot-workspace-configuration
;;               '(:podls (:rules (:disable ["image-latest"]
;;                                 :severity (:unknown-field "warning")))))

(provide 'podls-eglot)
;;; podls-eglot.el ends here
