//! What the API server and the kubelet read from an image reference.

/// The `imagePullPolicy` the API server derives from an image reference, and why.
pub fn pull_policy(image: &str) -> (&'static str, String) {
    if image.contains('@') {
        return (
            "IfNotPresent",
            "The image is pinned by digest, so `imagePullPolicy` defaults to `IfNotPresent`.".to_owned(),
        );
    }
    // The tag follows the last `:` after the last `/` (a registry port is not a tag).
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.rsplit_once(':').map(|(_, tag)| tag) {
        Some("latest") => {
            ("Always", "The image's tag is `latest`, so `imagePullPolicy` defaults to `Always`.".to_owned())
        }
        None => (
            "Always",
            "The image has no tag (it means `latest`), so `imagePullPolicy` defaults to `Always`.".to_owned(),
        ),
        Some(tag) => (
            "IfNotPresent",
            format!("The image is tagged `{tag}`, not `latest`, so `imagePullPolicy` defaults to `IfNotPresent`."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn pull_policy_from_the_reference() {
        let cases =
            ["nginx", "nginx:latest", "nginx:1.27", "localhost:5000/nginx", "localhost:5000/nginx:v1", "a@sha256:00"];
        let policies: Vec<String> = cases.iter().map(|c| format!("{c} → {}", pull_policy(c).0)).collect();
        expect![[r#"
            nginx → Always
            nginx:latest → Always
            nginx:1.27 → IfNotPresent
            localhost:5000/nginx → Always
            localhost:5000/nginx:v1 → IfNotPresent
            a@sha256:00 → IfNotPresent"#]]
        .assert_eq(&policies.join("\n"));
    }
}
