//! Prints our YAML layer's reading of each file named on the command line, one JSON object a line
//! (`{"file": …, "documents": […]}`), for `scripts/yaml-diff`.

#[path = "../tests/support/yaml_view.rs"]
mod yaml_view;

fn main() -> std::process::ExitCode {
    let mut status = std::process::ExitCode::SUCCESS;
    for file in std::env::args().skip(1) {
        match std::fs::read(&file) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let mut view = yaml_view::view(&text);
                view["file"] = file.into();
                println!("{view}");
            }
            Err(error) => {
                eprintln!("{file}: {error}");
                status = std::process::ExitCode::FAILURE;
            }
        }
    }
    status
}
