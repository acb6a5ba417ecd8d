//! The language server: `tower-lsp-server` over stdio, with the engine behind it.
//!
//! # Ordering
//!
//! tower-lsp runs up to four handlers at once, and a handler's body starts only when its future is first polled, so
//! two `didChange` handlers are not ordered by anything it promises. What it does promise is its read loop: it
//! decodes one message, calls `Service::call` for it, and only then reads the next. [`Sequencer`] wraps the
//! `LspService` and does all document work inside `call`: `didOpen`, `didChange` and `didClose` update the
//! [`DocumentStore`] before `call` returns, and a request that reads a document takes its snapshot there too. Edits
//! are therefore applied in exactly the order they were sent, each request sees exactly the edits sent before it,
//! and no lock is held across an `.await`. Everything else (`initialize`, `shutdown`, cancellation, unknown methods)
//! goes through to tower-lsp and [`Backend`]. While `initialize` is being answered, nothing further is read, so a
//! client that sends `initialized` and its first documents without waiting loses none of them.
//!
//! # Off the protocol task, cancellable, and never down for a bug
//!
//! tower-lsp polls every request future on the one task that reads stdin and writes stdout, so a request's engine
//! work runs on tokio's blocking pool instead (`Sequencer::fallible_request`); the future only waits for it. A
//! `$/cancelRequest` for a request still waiting there skips its work, and one already running is answered with
//! `RequestCancelled` at once while its result is dropped. A panic in a request's work becomes an `InternalError`
//! answer; a panic in a document notification is logged and the session goes on; a panic while analysing a
//! document is that document's `internal-error` diagnostic (`analysis::analyze_document`). The panic hook logs
//! each with its place in the source.
//!
//! Diagnostics are computed and published by one task (`diagnostics_task`), never on the read loop. Stdin is read
//! by one thread (`framing`) that hands tower-lsp only messages it can decode, so a malformed message gets an error
//! answer instead of ending the session.
//!
//! Architecture Invariant: this module is the only one that knows about LSP and JSON-RPC. It converts and schedules;
//! everything it reports comes from the engine.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod capabilities;
pub mod convert;
mod diagnostics_task;
mod framing;
mod handlers;
mod outbox;
pub mod session;

use std::future::{Future, ready};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::Context as _;
use tower_lsp_server::jsonrpc::{self, Request, Response};
use tower_lsp_server::ls_types::{
    ConfigurationItem, DidChangeConfigurationParams, DidChangeWatchedFilesParams, InitializeParams, InitializeResult,
    InitializedParams, ServerInfo, Uri,
};
use tower_lsp_server::{Client, ExitedError, LanguageServer, LspService, Server};

use self::capabilities::ClientFeatures;
use self::handlers::{DocumentJob, Handler};
use self::session::DocumentStore;
use podls_engine::ide::analysis::AnalysisOptions;
use podls_engine::ide::config::Settings;
use podls_engine::ide::document::Document;
use podls_engine::ide::source::{HelmMode, KustomizeMode, Source};

/// Serves the Language Server Protocol on stdin/stdout until the client says `exit` or closes stdin.
///
/// Returns an error when the client leaves without `shutdown` (the protocol's exit code 1).
pub fn run() -> anyhow::Result<()> {
    init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let state = runtime.block_on(serve(std::io::stdin(), tokio::io::stdout()));
    // Blocking tasks may be in the middle of an analysis nobody will read: do not wait for them.
    runtime.shutdown_timeout(Duration::from_millis(50));
    match state.phase() {
        Phase::ShutDown => Ok(()),
        _ => anyhow::bail!("the client left without a `shutdown` request"),
    }
}

/// Logs go to stderr, without colours (editors show them verbatim), filtered by `PODLS_LOG` (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PODLS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_env_filter(filter).try_init();
}

/// Serves one client over the given streams and returns the server state once it is done.
async fn serve<I, O>(input: I, output: O) -> Arc<ServerState>
where
    I: std::io::Read + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (output, outbox, writer) = outbox::spawn(output);
    let (diagnostics, events) = diagnostics_task::channel();
    let state = Arc::new(ServerState {
        documents: DocumentStore::new(),
        features: OnceLock::new(),
        settings: RwLock::new(Arc::new(Settings::default())),
        settings_files: crate::settings_file::Cache::default(),
        inlay_hints: AtomicBool::new(false),
        phase: AtomicU8::new(Phase::Uninitialized as u8),
        diagnostics,
    });
    let (service, socket) = LspService::new(|client| {
        tokio::spawn(diagnostics_task::run(Arc::clone(&state), outbox, events));
        Backend { client, state: Arc::clone(&state) }
    });
    let service = Sequencer { inner: service, state: Arc::clone(&state), initializing: None, pending: Arc::default() };
    // tower-lsp reads only messages it can decode (see `framing`).
    // Requests wait on the blocking pool, not on this task (see `Sequencer::fallible_request`), so more of them may be
    // in flight than tower-lsp's default of four: a quick answer is not held up behind a slow one.
    Server::new(framing::spawn(input), output, socket).concurrency_level(32).serve(service).await;
    // tower-lsp's end of the pipe is closed now; its last answers are written once the writer has drained it.
    if let Err(error) = writer.await {
        tracing::error!(%error, "the writer failed");
    }
    state
}

/// Where the server is in the protocol's lifecycle, as far as document handling is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    Uninitialized = 0,
    /// `initialize` was answered: documents are handled by [`Sequencer`].
    Running = 1,
    /// `shutdown` was received: every request but `exit` is an error (tower-lsp answers them).
    ShutDown = 2,
}

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct ServerState {
    documents: DocumentStore,
    /// Set once by `initialize`.
    features: OnceLock<ClientFeatures>,
    /// The editor's settings; replaced whole when they change.
    settings: RwLock<Arc<Settings>>,
    /// The `.podls.yaml` files read so far; forgotten when one changes.
    settings_files: crate::settings_file::Cache,
    /// The `inlayHints.enabled` setting: off until the client turns it on.
    inlay_hints: AtomicBool,
    phase: AtomicU8,
    diagnostics: diagnostics_task::Sender,
}

impl ServerState {
    fn features(&self) -> ClientFeatures {
        self.features.get().copied().unwrap_or_default()
    }

    fn settings(&self) -> Arc<Settings> {
        Arc::clone(&self.settings.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The options the document at `uri` is analysed with, from its settings (the editor's and its `.podls.yaml`'s)
    /// and the file's place.
    fn analysis_options(&self, uri: &Uri) -> Arc<AnalysisOptions> {
        let settings = self.settings_for(uri);
        let mut options = AnalysisOptions::for_target(settings.target());
        options.source = uri.to_file_path().map_or(Source::Manifest, |path| crate::check::walk::source_of(&path));
        options.helm = HelmMode::from_json(settings.helm.as_ref()).0;
        options.kustomize = KustomizeMode::from_json(settings.kustomize.as_ref()).0;
        Arc::new(options)
    }

    /// Gives every open document the options its settings now say; those whose options changed are analysed anew.
    fn reanalyse(&self) {
        self.documents.set_options(|uri| match uri.parse::<Uri>() {
            Ok(uri) => self.analysis_options(&uri),
            Err(_) => Arc::default(),
        });
    }

    fn inlay_hints(&self) -> bool {
        self.inlay_hints.load(Ordering::SeqCst)
    }

    /// The settings file that applies to a document, unless the editor's `configurationPreference` is
    /// `editorOnly`.
    fn settings_file_of(&self, uri: &Uri) -> Option<Arc<crate::settings_file::Loaded>> {
        let editor = self.settings();
        if editor.configuration_preference == Some(podls_engine::ide::config::Preference::EditorOnly) {
            return None;
        }
        let path = uri.to_file_path()?;
        self.settings_files.for_file(&path, |path, error| {
            tracing::warn!(path = %path.display(), %error, "cannot read the settings file");
        })
    }

    /// The settings of one document: the editor's and its `.podls.yaml`'s, key by key, as the editor's
    /// `configurationPreference` says.
    fn settings_for(&self, uri: &Uri) -> Arc<Settings> {
        match self.settings_file_of(uri) {
            Some(file) => Arc::new(Settings::for_file(&self.settings(), Some(&file.settings))),
            None => self.settings(),
        }
    }

    /// Whether a document is checked: its `.podls.yaml`'s `files` may leave it out, though never the settings
    /// file itself.
    fn is_checked(&self, uri: &Uri) -> bool {
        if handlers::is_settings_file(uri) {
            return true;
        }
        let Some(path) = uri.to_file_path() else { return true };
        self.settings_file_of(uri).is_none_or(|file| file.files.allows(&path))
    }

    /// Reads settings sent by the client (`{"podls": {"rules": …, "inlayHints": …}}` or the `podls` section itself)
    /// and says what changed. Settings are replaced whole: one the client leaves out is back to its default.
    fn set_settings(&self, value: &serde_json::Value) -> SettingsChange {
        let (settings, warnings) = Settings::from_json_with_warnings(value);
        for warning in warnings {
            tracing::warn!(%warning, "ignoring a setting");
        }
        let inlay_hints = inlay_hints_setting(value);
        let inlay_hints_changed = self.inlay_hints.swap(inlay_hints, Ordering::SeqCst) != inlay_hints;
        if inlay_hints_changed {
            tracing::info!(inlay_hints, "settings");
        }
        let mut current = self.settings.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if **current == settings {
            return SettingsChange { diagnostics: false, inlay_hints: inlay_hints_changed };
        }
        tracing::info!(?settings, "settings");
        *current = Arc::new(settings);
        SettingsChange { diagnostics: true, inlay_hints: inlay_hints_changed }
    }

    fn phase(&self) -> Phase {
        match self.phase.load(Ordering::SeqCst) {
            0 => Phase::Uninitialized,
            1 => Phase::Running,
            _ => Phase::ShutDown,
        }
    }

    fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }
}

/// What a change of settings changed.
#[derive(Clone, Copy, Debug)]
struct SettingsChange {
    /// The diagnostic settings: every open document is republished.
    diagnostics: bool,
    /// Whether inlay hints are shown: the client is asked to fetch them again.
    inlay_hints: bool,
}

/// Reads `inlayHints.enabled` (also under a top-level `podls` key); left out, `null` or not a boolean, it is off.
fn inlay_hints_setting(value: &serde_json::Value) -> bool {
    let root = value.get("podls").unwrap_or(value);
    match root.get("inlayHints").and_then(|hints| hints.get("enabled")) {
        Some(serde_json::Value::Bool(enabled)) => *enabled,
        Some(serde_json::Value::Null) | None => false,
        Some(other) => {
            let warning = format!("inlayHints.enabled: expected true or false, found {other}");
            tracing::warn!(%warning, "ignoring a setting");
            false
        }
    }
}

/// One document as a request found it when it arrived.
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub uri: Uri,
    pub document: Arc<Document>,
    pub features: ClientFeatures,
    pub settings: Arc<Settings>,
    /// Whether inlay hints are on.
    pub inlay_hints: bool,
}

/// The `LanguageServer` half: lifecycle and workspace methods. Document methods never reach it (see [`Sequencer`]).
#[derive(Debug)]
struct Backend {
    client: Client,
    state: Arc<ServerState>,
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        let features = ClientFeatures::from_capabilities(&params.capabilities);
        tracing::info!(?features, client = ?params.client_info.as_ref().map(|c| &c.name), "initialize");
        let _ = self.state.features.set(features);
        if let Some(options) = &params.initialization_options {
            self.state.set_settings(options);
        }
        // tower-lsp reads no further message until this returns, so the next one already sees `Running`.
        self.state.set_phase(Phase::Running);
        // The schema and its indexes are built on first use; build them now, while the client is still starting,
        // rather than on the first document the user opens.
        tokio::task::spawn_blocking(warm_up);
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(&features),
            server_info: Some(ServerInfo {
                name: "podls".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::debug!("initialized");
        if self.state.features().pull_configuration {
            self.pull_settings().await;
        }
        if self.state.features().watch_files {
            self.watch_settings_files().await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let names: Vec<String> = params
            .changes
            .iter()
            .filter_map(|change| {
                let path = change.uri.to_file_path()?;
                path.file_name().map(|name| name.to_string_lossy().into_owned())
            })
            .collect();
        let settings_file_changed = names.iter().any(|name| podls_engine::ide::settings_file::is_settings_file(name));
        // A kustomization names its patches and a chart its templates: the files around it may have changed role.
        let roles_changed = names.iter().any(|name| crate::check::walk::decides_sources(name));
        if settings_file_changed {
            tracing::info!("a settings file changed");
            self.state.settings_files.clear();
        }
        if settings_file_changed || roles_changed {
            self.state.reanalyse();
            self.state.diagnostics.everything();
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        tracing::debug!(settings = %params.settings, "configuration changed");
        // Clients either push the settings here or, with `settings: null`, ask us to pull them.
        let keys = podls_engine::ide::config::KEYS.iter().map(|(key, _)| *key);
        let pushed = std::iter::once("podls").chain(keys).any(|key| params.settings.get(key).is_some());
        if pushed {
            let change = self.state.set_settings(&params.settings);
            self.settings_changed(change);
        } else if self.state.features().pull_configuration {
            self.pull_settings().await;
        }
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        tracing::info!("shutdown");
        self.state.set_phase(Phase::ShutDown);
        Ok(())
    }
}

fn warm_up() {
    let started = std::time::Instant::now();
    podls_engine::ide::warm_up();
    tracing::debug!(elapsed_us = started.elapsed().as_micros() as u64, "warmed up");
}

impl Backend {
    /// Asks the client to say when a `.podls.yaml` changes, anywhere in the workspace.
    async fn watch_settings_files(&self) {
        use tower_lsp_server::ls_types::{
            DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: ["**/.podls.y{a,}ml", "**/kustomization.y{a,}ml", "**/Kustomization", "**/Chart.yaml"]
                .into_iter()
                .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_owned()), kind: None })
                .collect(),
        };
        let registration = Registration {
            id: "podls-settings-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        // Not awaited here: a client that never answers must not hold up this handler.
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(error) = client.register_capability(vec![registration]).await {
                tracing::debug!(%error, "the client refused to watch settings files");
            }
        });
    }

    /// Asks the client for the `podls` section of its configuration and republishes if it changed.
    async fn pull_settings(&self) {
        let item = ConfigurationItem { scope_uri: None, section: Some("podls".to_owned()) };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or_default();
                if !value.is_null() {
                    let change = self.state.set_settings(&value);
                    self.settings_changed(change);
                }
            }
            Err(error) => tracing::debug!(%error, "the client did not send its configuration"),
        }
    }

    /// Republishes diagnostics after their settings changed, and asks the client to fetch inlay hints again after
    /// they were turned on or off.
    fn settings_changed(&self, change: SettingsChange) {
        if change.diagnostics {
            // Settings the analysis depends on drop the cached analyses of the documents they change.
            self.state.reanalyse();
            self.state.diagnostics.everything();
        }
        if change.inlay_hints && self.state.features().inlay_hint_refresh {
            // Not awaited here: a client that never answers must not hold up this handler.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(error) = client.inlay_hint_refresh().await {
                    tracing::debug!(%error, "the client refused to refresh inlay hints");
                }
            });
        }
    }
}

/// The ordering layer around the `LspService` (see the module documentation).
struct Sequencer<S> {
    inner: S,
    state: Arc<ServerState>,
    /// Resolves when the `initialize` request in flight has been answered. Until then no further message is read:
    /// tower-lsp would refuse requests and drop notifications that a client sent without waiting for the answer.
    initializing: Option<tokio::sync::oneshot::Receiver<()>>,
    /// The document requests being answered, for `$/cancelRequest`.
    pending: Arc<Pending>,
}

/// Requests in flight by id, each with the means to cancel it.
///
/// tower-lsp cancels only the requests it routes itself; the document requests are answered by the
/// [`Sequencer`], so it keeps their cancellation here.
#[derive(Default)]
struct Pending(std::sync::Mutex<std::collections::HashMap<jsonrpc::Id, tokio::sync::oneshot::Sender<()>>>);

impl Pending {
    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<jsonrpc::Id, tokio::sync::oneshot::Sender<()>>> {
        // Every critical section inserts or removes one entry, so a poisoned map is still whole.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a request; `None` when a request with this id is already in flight.
    fn start(&self, id: &jsonrpc::Id) -> Option<tokio::sync::oneshot::Receiver<()>> {
        let mut pending = self.lock();
        if pending.contains_key(id) {
            return None;
        }
        let (cancel, cancelled) = tokio::sync::oneshot::channel();
        pending.insert(id.clone(), cancel);
        Some(cancelled)
    }

    fn finish(&self, id: &jsonrpc::Id) {
        self.lock().remove(id);
    }

    /// Cancels a request in flight. Returns whether the id was one of ours.
    fn cancel(&self, id: &jsonrpc::Id) -> bool {
        match self.lock().remove(id) {
            Some(cancel) => {
                let _ = cancel.send(());
                true
            }
            None => false,
        }
    }
}

type ResponseFuture = Pin<Box<dyn Future<Output = Result<Option<Response>, ExitedError>> + Send>>;

/// An answer known at once.
fn answer(response: Option<Response>) -> ResponseFuture {
    Box::pin(ready(Ok(response)))
}

impl<S> tower::Service<Request> for Sequencer<S>
where
    S: tower::Service<Request, Response = Option<Response>, Error = ExitedError, Future = ResponseFuture>,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if let Some(answered) = &mut self.initializing {
            // An error means the `initialize` future was dropped unanswered; reading goes on either way.
            if Pin::new(answered).poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.initializing = None;
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == framing::MALFORMED {
            return answer(malformed(request));
        }
        if request.method() == "initialize" && self.state.phase() == Phase::Uninitialized {
            let (answered, answered_rx) = tokio::sync::oneshot::channel();
            self.initializing = Some(answered_rx);
            let response = self.inner.call(request);
            return Box::pin(async move {
                let response = response.await;
                let _ = answered.send(());
                response
            });
        }
        // Before `initialize` and after `shutdown`, tower-lsp answers as the protocol says.
        if self.state.phase() != Phase::Running {
            return self.inner.call(request);
        }
        match request.method() {
            // Recorded here, in arrival order: tower-lsp runs the handler concurrently, and an `exit` sent right
            // behind `shutdown` could otherwise end the session before the handler has run.
            "shutdown" if request.id().is_some() => {
                self.state.set_phase(Phase::ShutDown);
                self.inner.call(request)
            }
            "$/cancelRequest" if request.id().is_none() => {
                #[derive(serde::Deserialize)]
                struct CancelParams {
                    id: jsonrpc::Id,
                }
                let ours = request
                    .params()
                    .and_then(|params| serde_json::from_value::<CancelParams>(params.clone()).ok())
                    .is_some_and(|params| self.pending.cancel(&params.id));
                if ours { answer(None) } else { self.inner.call(request) }
            }
            method => match handlers::handler(method) {
                Some(Handler::Notification(handler)) => self.notification(request, *handler),
                Some(Handler::Request(decode)) => self.request(request, *decode),
                None => self.inner.call(request),
            },
        }
    }
}

impl<S> Sequencer<S>
where
    S: tower::Service<Request, Response = Option<Response>, Error = ExitedError, Future = ResponseFuture>,
{
    /// Applies a document notification now, before the next message is read.
    fn notification(
        &mut self,
        request: Request,
        handler: fn(&ServerState, serde_json::Value) -> Result<(), serde_json::Error>,
    ) -> ResponseFuture {
        if request.id().is_some() {
            // A notification method sent as a request: tower-lsp answers with the right error.
            return self.inner.call(request);
        }
        let (method, _, params) = request.into_parts();
        // The read loop must survive a bug in a handler; the panic hook has logged where it was.
        match podls_engine::ide::analysis::catch_panic(|| handler(&self.state, params.unwrap_or_default())) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::debug!(%method, %error, "ignoring a notification with invalid params"),
            Err(message) => tracing::error!(%method, %message, "a notification handler failed"),
        }
        answer(None)
    }

    /// Takes the document's snapshot now and answers from it when polled, on the blocking pool.
    fn request(
        &mut self,
        request: Request,
        decode: fn(serde_json::Value) -> Result<DocumentJob, serde_json::Error>,
    ) -> ResponseFuture {
        let (method, id, params) = request.into_parts();
        let Some(id) = id else {
            tracing::debug!(%method, "ignoring a request sent as a notification");
            return answer(None);
        };
        let DocumentJob { uri, answer: handler } = match decode(params.unwrap_or_default()) {
            Ok(job) => job,
            Err(error) => {
                let error = jsonrpc::Error::invalid_params(error.to_string());
                return answer(Some(Response::from_error(id, error)));
            }
        };
        let Some(document) = self.state.documents.get(uri.as_str()) else {
            tracing::debug!(%method, uri = %uri.as_str(), "answering null for a document that is not open");
            return answer(Some(Response::from_ok(id, serde_json::Value::Null)));
        };
        let features = self.state.features();
        let editor_settings = self.state.settings();
        let inlay_hints = self.state.inlay_hints();
        let Some(mut cancelled) = self.pending.start(&id) else {
            let error = jsonrpc::Error::invalid_request();
            return answer(Some(Response::from_error(id, error)));
        };
        // The engine works on the blocking pool, never on the task that reads and writes the protocol; a request
        // cancelled before its turn there does no work at all.
        let skip = Arc::new(AtomicBool::new(false));
        let work = tokio::task::spawn_blocking({
            let skip = Arc::clone(&skip);
            let state = Arc::clone(&self.state);
            move || {
                if skip.load(Ordering::Acquire) {
                    return None;
                }
                // A settings file may have to be read, which is IO: here, not on the read loop. The editor's
                // settings are the ones of when the request arrived.
                let settings = match state.settings_file_of(&uri) {
                    Some(file) => Arc::new(Settings::for_file(&editor_settings, Some(&file.settings))),
                    None => editor_settings,
                };
                let snapshot = Snapshot { uri, document, features, settings, inlay_hints };
                podls_engine::fault::inject_any(
                    snapshot.document.parts().map(|p| p.part.text()),
                    podls_engine::fault::IN_REQUEST,
                );
                podls_engine::fault::delay_any(snapshot.document.parts().map(|p| p.part.text()));
                Some(handler(&snapshot))
            }
        });
        let pending = Arc::clone(&self.pending);
        Box::pin(async move {
            let outcome = tokio::select! {
                Ok(()) = &mut cancelled => None,
                joined = work => Some(joined),
            };
            pending.finish(&id);
            let response = match outcome {
                None => {
                    skip.store(true, Ordering::Release);
                    tracing::debug!(%method, %id, "cancelled");
                    Response::from_error(id, jsonrpc::Error::request_cancelled())
                }
                Some(Ok(Some(Ok(Ok(value))))) => Response::from_ok(id, value),
                Some(Ok(Some(Ok(Err(error))))) => {
                    tracing::error!(%method, %error, "an answer did not serialize");
                    Response::from_error(id, jsonrpc::Error::internal_error())
                }
                Some(Ok(Some(Err(error)))) => {
                    tracing::debug!(%method, message = %error.message, "refusing a request");
                    Response::from_error(id, error)
                }
                Some(Ok(None)) => Response::from_error(id, jsonrpc::Error::request_cancelled()),
                Some(Err(error)) => {
                    let message = if error.is_panic() {
                        podls_engine::ide::analysis::panic_message(&*error.into_panic())
                    } else {
                        error.to_string()
                    };
                    tracing::error!(%method, %message, "a request handler failed");
                    let error = jsonrpc::Error {
                        code: jsonrpc::ErrorCode::InternalError,
                        message: format!(
                            "podls failed on this request (internal error: {message}); please report it. The server \
                             goes on working"
                        )
                        .into(),
                        data: None,
                    };
                    Response::from_error(id, error)
                }
            };
            Ok(Some(response))
        })
    }
}

/// The error answer to a message the client sent malformed (see `framing`): `id: null`, as JSON-RPC asks.
fn malformed(request: Request) -> Option<Response> {
    let (_, _, params) = request.into_parts();
    let params = params.unwrap_or_default();
    let code = params.get("code").and_then(serde_json::Value::as_i64).unwrap_or(-32700);
    let message = params.get("message").and_then(serde_json::Value::as_str).unwrap_or("parse error").to_owned();
    let error = jsonrpc::Error { code: jsonrpc::ErrorCode::from(code), message: message.into(), data: None };
    Some(Response::from_error(jsonrpc::Id::Null, error))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::inlay_hints_setting;

    #[test]
    fn inlay_hints_are_off_unless_the_setting_says_true() {
        assert!(inlay_hints_setting(&json!({ "podls": { "inlayHints": { "enabled": true } } })));
        assert!(inlay_hints_setting(&json!({ "inlayHints": { "enabled": true }, "rules": {} })));
        assert!(!inlay_hints_setting(&json!({ "podls": { "inlayHints": { "enabled": false } } })));
        assert!(!inlay_hints_setting(&json!({ "podls": { "rules": {} } })));
        assert!(!inlay_hints_setting(&json!({ "podls": { "inlayHints": { "enabled": "yes" } } })));
        assert!(!inlay_hints_setting(&json!({ "podls": { "inlayHints": null } })));
        assert!(!inlay_hints_setting(&json!(null)));
    }
}
