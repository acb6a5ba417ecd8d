//! Helm templates and kustomize patches opened in the editor: what their place says they are (from the URI) and
//! what their text says (`{{ … }}` actions) keeps every diagnostic a render or a merge could make false away.

mod common;

use std::path::PathBuf;

use common::{Server, codes};

fn example(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples").join(path).canonicalize().expect("the example exists")
}

fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn a_helm_template_opened_in_the_editor_gets_no_error() {
    let mut server = Server::start_default();
    for name in ["deployment.yaml", "service.yaml", "hpa.yaml", "ingress.yaml", "migrate-job.yaml"] {
        let path = example("helm-chart/templates").join(name);
        let uri = uri_of(&path);
        server.open(&uri, 1, &std::fs::read_to_string(&path).unwrap());
        let diagnostics = server.diagnostics(&uri, Some(1));
        assert_eq!(codes(&diagnostics), Vec::<String>::new(), "{name}");
    }
    // A template that is being edited into a literal mistake gets it.
    let uri = uri_of(&example("helm-chart/templates").join("deployment.yaml"));
    let text = std::fs::read_to_string(example("helm-chart/templates/deployment.yaml")).unwrap();
    server.open(&uri, 2, &text.replace("protocol: TCP", "protocol: TPC"));
    assert_eq!(codes(&server.diagnostics(&uri, Some(2))), ["invalid-value"]);
}

#[test]
fn a_patch_its_kustomization_names_gets_no_missing_field_error() {
    let mut server = Server::start_default();
    let path = example("kustomize/overlays/production/replicas.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    server.open(&uri_of(&path), 1, &text);
    assert_eq!(codes(&server.diagnostics(&uri_of(&path), Some(1))), Vec::<String>::new());
    // The same text where no kustomization names it is a Deployment without its selector and template.
    let loose = "file:///nowhere/replicas.yaml";
    server.open(loose, 1, &text);
    assert!(codes(&server.diagnostics(loose, Some(1))).contains(&"missing-field".to_owned()));
}
