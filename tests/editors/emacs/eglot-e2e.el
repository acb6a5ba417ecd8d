;;; eglot-e2e.el --- headless Emacs + eglot end-to-end test of podls  -*- lexical-binding: t -*-

;; Run by tests/editors/emacs/run.sh:
;;   emacs --batch -Q -l tests/editors/emacs/eglot-e2e.el
;; Loads the documented configuration (editors/emacs/podls-eglot.el), opens
;; tests/editors/fixtures/pod.yaml with `podls' on PATH, and checks, through eglot: the flymake
;; diagnostics (lines and codes), a hover, completion candidates, that the diagnostics follow an
;; edit, and that `eglot-workspace-configuration' reaches the server. Prints one `ok'/`not ok' line
;; per check and exits 0 only when all passed.

;; Debian's elpa-* packages; -Q skips the site start-up files that would add them.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'yaml-mode)
(require 'eglot)
(require 'flymake)

(defvar e2e-root
  (expand-file-name "../../.." (file-name-directory (or load-file-name buffer-file-name))))
(defvar e2e-timeout (string-to-number (or (getenv "PODLS_TIMEOUT") "15")))
(defvar e2e-failures 0)

(load (expand-file-name "editors/emacs/podls-eglot.el" e2e-root) nil t)
(setq eglot-sync-connect e2e-timeout
      eglot-connect-timeout e2e-timeout
      eglot-send-changes-idle-time 0.1
      ;; No prompts and no noise in batch mode.
      eglot-autoshutdown t
      make-backup-files nil
      create-lockfiles nil)

(defun e2e-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun e2e-check (ok what &optional detail)
  (unless ok (setq e2e-failures (1+ e2e-failures)))
  (e2e-out "%s - %s%s" (if ok "ok" "not ok") what (if detail (format ": %s" detail) ""))
  ok)

(defun e2e-wait (pred)
  "Run the event loop until PRED is non-nil or `e2e-timeout' seconds pass."
  (let ((deadline (+ (float-time) e2e-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun e2e-diag-keys ()
  "Current flymake diagnostics as sorted \"LINE:CODE\" strings; eglot writes `source [code]: message'."
  (sort (mapcar (lambda (d)
                  (format "%d:%s" (line-number-at-pos (flymake-diagnostic-beg d))
                          (if (string-match "\\[\\([^]]+\\)\\]" (flymake-diagnostic-text d))
                              (match-string 1 (flymake-diagnostic-text d))
                            "?")))
                (flymake-diagnostics))
        #'string<))

(defun e2e-has-diags (want &optional gone)
  (let ((have (e2e-diag-keys)))
    (and (cl-every (lambda (k) (member k have)) want)
         (not (cl-some (lambda (k) (member k have)) gone)))))

(defun e2e-flush ()
  "Send pending edits now. eglot sends them from an idle timer, and batch mode is never idle."
  (eglot--signal-textDocument/didChange))

(defun e2e-goto (line col)
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column col))

(defun e2e-run ()
  (find-file (expand-file-name "tests/editors/fixtures/pod.yaml" e2e-root))
  (setq buffer-read-only nil)
  (e2e-check (eq major-mode 'yaml-mode) "pod.yaml opens in yaml-mode" major-mode)
  ;; The yaml-mode hook from podls-eglot.el ran `eglot-ensure', which connects once the current
  ;; command ends. Batch mode has no command loop, so end the "command" here.
  (run-hooks 'post-command-hook)
  (unless (e2e-check (e2e-wait (lambda () (eglot-current-server))) "eglot connected to podls")
    (error "no server"))
  (let ((server (eglot-current-server)))
    (e2e-check (equal (process-command (jsonrpc--process server)) '("podls" "lsp"))
               "server command" (process-command (jsonrpc--process server)))

    (e2e-check (e2e-wait (lambda () (e2e-has-diags '("7:invalid-value" "12:unknown-field"))))
               "diagnostics 7:invalid-value and 12:unknown-field" (e2e-diag-keys))
    (dolist (d (flymake-diagnostics))
      (e2e-out "#   %d: [%s] %s" (line-number-at-pos (flymake-diagnostic-beg d))
               (flymake-diagnostic-type d) (flymake-diagnostic-text d)))

    ;; Hover on the `imagePullPolicy' key, line 11.
    (e2e-goto 11 8)
    (let* ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
           (contents (and hover (plist-get hover :contents)))
           (text (cond ((stringp contents) contents)
                       ((plist-get contents :value))
                       (t (format "%S" contents)))))
      (e2e-check (and text (string-match-p "Image pull policy" text)) "hover on imagePullPolicy"
                 (and text (replace-regexp-in-string "\n" " | " text))))

    ;; Completion at `imagePullPolicy: |', through eglot's completion-at-point function.
    (e2e-goto 11 0)
    (delete-region (point) (line-end-position))
    (insert "      imagePullPolicy: ")
    (let* ((capf (eglot-completion-at-point))
           (labels (and capf (all-completions "" (nth 2 capf)))))
      (e2e-check (cl-every (lambda (l) (member l labels)) '("Always" "IfNotPresent" "Never"))
                 "completion of imagePullPolicy values" (string-join labels ", ")))
    (insert "IfNotPresent")

    ;; Edits. Deleting a line also deletes flymake's overlay on it, so a disappearing diagnostic
    ;; proves little: the check that counts is a new mistake, which only the server can report.
    (e2e-goto 12 0)
    (delete-region (point) (line-beginning-position 2))
    (e2e-goto 10 0)
    (insert "      bogus: 1\n")
    (e2e-flush)
    (e2e-check (e2e-wait (lambda () (e2e-has-diags '("7:invalid-value" "10:unknown-field") '("12:unknown-field" "13:unknown-field"))))
               "after the edits: 10:unknown-field is new, imagee's is gone" (e2e-diag-keys))

    ;; Settings, the way podls-eglot.el documents them: invalid-value turned off.
    (setq-default eglot-workspace-configuration '(:podls (:rules (:disable ["invalid-value"]))))
    (eglot-signal-didChangeConfiguration server)
    (e2e-check (e2e-wait (lambda () (equal (e2e-diag-keys) '("10:unknown-field"))))
               "eglot-workspace-configuration disables invalid-value" (e2e-diag-keys))

    (eglot-shutdown server)))

(condition-case err
    (e2e-run)
  (error (e2e-check nil "error" (error-message-string err))))
(e2e-out "emacs eglot: %s" (if (zerop e2e-failures) "PASS" "FAIL"))
(kill-emacs (if (zerop e2e-failures) 0 1))
