//! Fixtures for the Job and CronJob rules: an invalid and a tricky valid manifest for each, and the quick fixes
//! applied and re-checked.

use super::super::{Ctx, codes};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::registry;
use crate::test_utils::check_against;

/// What the batch rules report on a one-document Job or CronJob, as the workload dispatch runs them.
fn batch_rules(text: &str) -> Vec<Diagnostic> {
    let parse = crate::syntax::parse(text);
    let root = parse.root.as_ref().expect("a document");
    let kind = root.get("kind").and_then(crate::syntax::Node::as_str);
    let carrier = kind.and_then(crate::model::workload::carrier).expect("a batch kind");
    let mut cx = Ctx::new(text, root, carrier, root, &super::super::Path::ROOT, &[]);
    match kind {
        Some("Job") => super::check_job(&mut cx),
        Some("CronJob") => super::check_cron_job(&mut cx),
        other => panic!("not a batch kind: {other:?}"),
    }
    cx.out
}

#[track_caller]
fn check_code(code: &str, fixture: &str) {
    let found: Vec<Diagnostic> = batch_rules(fixture).into_iter().filter(|d| d.code == code).collect();
    check_against(fixture, &found);
}

#[track_caller]
fn assert_clean(fixture: &str) {
    let found = batch_rules(fixture);
    assert!(found.is_empty(), "{fixture}\n{found:#?}");
}

/// Applies the first fix of the first `code` diagnostic.
#[track_caller]
fn apply_first_fix(text: &str, code: &str) -> String {
    let found = batch_rules(text);
    let diagnostic = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code} in {found:#?}"));
    let fix = diagnostic.fixes.first().unwrap_or_else(|| panic!("no fix in {diagnostic:#?}"));
    crate::test_utils::apply_fix(text, fix)
}

fn job(spec: &str, pod: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: work\nspec:\n{spec}  template:\n    spec:\n{pod}      containers:\n      - name: app\n        image: example/app:1.0\n      initContainers:\n      - name: setup\n        image: example/setup:1.0\n"
    )
}

fn cron_job(spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n{spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: app\n            image: example/app:1.0\n"
    )
}

const ON_FAILURE: &str = "      restartPolicy: OnFailure\n";
const NEVER: &str = "      restartPolicy: Never\n";

#[test]
fn the_registry_examples_report_as_annotated() {
    // The documentation runs these through the whole analysis once Jobs are dispatched; here the rules alone.
    for code in [codes::JOB_SPEC, codes::POD_FAILURE_POLICY, codes::CRON_SCHEDULE, codes::CRON_JOB_SPEC] {
        let example = registry::get(code).and_then(|info| info.example()).expect("an example");
        check_code(code, example);
    }
}

#[test]
fn a_job_without_restart_policy_gets_always_and_is_rejected() {
    let text = job("", "");
    check_code(
        codes::JOB_SPEC,
        &format!(
            "{}#     ^^^^^^^^^^ job-spec: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n{}",
            text.split_inclusive('\n').take(8).collect::<String>(),
            text.split_inclusive('\n').skip(8).collect::<String>()
        ),
    );
    let fixed = apply_first_fix(&text, codes::JOB_SPEC);
    assert!(fixed.contains("    spec:\n      restartPolicy: OnFailure\n      containers:"), "{fixed}");
    assert_clean(&fixed);
}

#[test]
fn restart_policy_always_is_replaced_and_never_is_needed_with_a_failure_policy() {
    let always = job("", "      restartPolicy: Always\n");
    let found = batch_rules(&always);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.starts_with("spec.template.spec.restartPolicy: Required value"), "{found:#?}");
    assert_clean(&apply_first_fix(&always, codes::JOB_SPEC));

    let policy =
        "  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}]\n";
    let on_failure = job(policy, ON_FAILURE);
    let found = batch_rules(&on_failure);
    assert_eq!(
        found.iter().map(|d| d.message.lines().next().unwrap_or_default()).collect::<Vec<_>>(),
        [
            "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"
        ]
    );
    assert_clean(&apply_first_fix(&on_failure, codes::JOB_SPEC));
    // Valid: Never with a failure policy, OnFailure and Never without.
    assert_clean(&job(policy, NEVER));
    assert_clean(&job("", NEVER));
    assert_clean(&job("", ON_FAILURE));
}

#[test]
fn counts_must_not_be_negative() {
    check_code(
        codes::JOB_SPEC,
        &job(
            "  parallelism: -1\n#              ^^ job-spec: spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n  ttlSecondsAfterFinished: -5\n#                          ^^ job-spec: spec.ttlSecondsAfterFinished: Invalid value: -5\n",
            ON_FAILURE,
        ),
    );
    // Zero is a count like any other; a value of the wrong type is the schema's to report.
    assert_clean(&job(
        "  parallelism: 0\n  completions: 0\n  backoffLimit: 0\n  activeDeadlineSeconds: 0\n  ttlSecondsAfterFinished: 0\n  suspend: true\n",
        ON_FAILURE,
    ));
    assert_clean(&job("  parallelism: many\n", ON_FAILURE));
}

#[test]
fn completion_mode_and_indexed_limits() {
    check_code(
        codes::JOB_SPEC,
        &job(
            "  completionMode: Indexed\n#                 ^^^^^^^ job-spec: spec.completions: Required value: when completion mode is Indexed\n  parallelism: 2\n",
            ON_FAILURE,
        ),
    );
    // With neither `completions` nor `parallelism`, both are defaulted to 1 before validation.
    assert_clean(&job("  completionMode: Indexed\n", ON_FAILURE));
    check_code(
        codes::JOB_SPEC,
        &job(
            "  completionMode: Sequential\n#                 ^^^^^^^^^^ job-spec: spec.completionMode: Unsupported value: \"Sequential\": supported values: \"NonIndexed\", \"Indexed\"\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job(
            "  backoffLimitPerIndex: 1\n#                       ^ job-spec: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode\n  maxFailedIndexes: 2\n#                   ^ job-spec: spec.maxFailedIndexes: Invalid value: 2: requires indexed completion mode\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job(
            "  completionMode: Indexed\n  completions: 3\n  maxFailedIndexes: 4\n#                   ^ job-spec: spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified\n#                   ^ job-spec: spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions\n  parallelism: 100001\n#              ^^^^^^ job-spec: must be less than or equal to 100000 when completion mode is Indexed\n",
            ON_FAILURE,
        ),
    );
    // Valid: an Indexed Job with limits per index, and a NonIndexed one spelled out.
    assert_clean(&job(
        "  completionMode: Indexed\n  completions: 5\n  parallelism: 5\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 5\n",
        NEVER,
    ));
    assert_clean(&job("  completionMode: NonIndexed\n  completions: 5\n", ON_FAILURE));
}

#[test]
fn indexed_pod_names_are_dns_labels() {
    let indexed = "  completionMode: Indexed\n  completions: 10\n";
    check_code(
        codes::JOB_SPEC,
        &job(indexed, ON_FAILURE).replace(
            "  name: work\n",
            "  name: db.migrate\n#       ^^^^^^^^^^ job-spec: metadata.name: Invalid value: \"db.migrate\": will not able to create pod with invalid DNS label: db.migrate-9\n",
        ),
    );
    let long = "a".repeat(62);
    assert!(!batch_rules(&job(indexed, ON_FAILURE).replace("name: work", &format!("name: {long}"))).is_empty());
    // Valid: 61 characters and `-9` make 63; a NonIndexed Job's Pods get a random suffix instead.
    assert_clean(
        &job("  completionMode: Indexed\n  completions: 9\n", ON_FAILURE)
            .replace("name: work", &format!("name: {}", "a".repeat(61))),
    );
    assert_clean(&job("  completions: 10\n", ON_FAILURE).replace("name: work", "name: db.migrate"));
}

#[test]
fn success_policy() {
    check_code(
        codes::JOB_SPEC,
        &job(
            "  successPolicy:\n# ^^^^^^^^^^^^^ job-spec: spec.successPolicy: Invalid value: {...}: requires indexed completion mode\n    rules: [{succeededCount: 1}]\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job(
            "  completionMode: Indexed\n  completions: 4\n  successPolicy:\n    rules:\n    - succeededIndexes: \"0,2-5\"\n#                       ^^^^^^^ job-spec: spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"0,2-5\": error parsing succeededIndexes: too large index: \"5\"\n    - succeededIndexes: \"2,1\"\n#                       ^^^^^ job-spec: non-increasing order, previous: 2, current: 1\n    - succeededIndexes: \"1-3\"\n      succeededCount: 4\n#                     ^ job-spec: (the number of indexes in the specified succeededIndexes field)\n    - succeededCount: 5\n#                     ^ job-spec: must be less than or equal to 4 (the number of specified completions)\n    - {}\n#     ^ job-spec: spec.successPolicy.rules[4]: Required value: at least one of succeededCount or succeededIndexes\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job(
            "  completionMode: Indexed\n  completions: 4\n  successPolicy:\n    rules: []\n#   ^^^^^ job-spec: spec.successPolicy.rules: Required value: at least one rules\n",
            ON_FAILURE,
        ),
    );
    assert_clean(&job(
        "  completionMode: Indexed\n  completions: 10\n  successPolicy:\n    rules:\n    - succeededIndexes: \"0,2-4,9\"\n      succeededCount: 5\n    - succeededCount: 10\n",
        ON_FAILURE,
    ));
}

#[test]
fn index_lists_as_the_api_server_reads_them() {
    assert_eq!(super::index_count("", 3), Ok(0));
    assert_eq!(super::index_count("0,2-4,9", 10), Ok(5));
    assert_eq!(super::index_count("+1", 3), Ok(1));
    assert!(super::index_count("1-2-3", 9).unwrap_err().contains("at most two parts"));
    assert_eq!(super::index_count("a", 9), Err("cannot convert string to integer for index: \"a\"".to_owned()));
    assert_eq!(super::index_count("3-3", 9), Err("non-increasing order, previous: 3, current: 3".to_owned()));
    assert_eq!(super::index_count("1,", 9), Err("cannot convert string to integer for index: \"\"".to_owned()));
}

#[test]
fn pod_replacement_policy() {
    check_code(
        codes::JOB_SPEC,
        &job(
            "  podReplacementPolicy: Always\n#                       ^^^^^^ job-spec: spec.podReplacementPolicy: Unsupported value: \"Always\": supported values: \"Failed\", \"TerminatingOrFailed\"\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job(
            "  podReplacementPolicy: TerminatingOrFailed\n#                       ^^^^^^^^^^^^^^^^^^^ job-spec: supported values: \"Failed\"\n  podFailurePolicy:\n    rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]\n",
            NEVER,
        ),
    );
    assert_clean(&job("  podReplacementPolicy: TerminatingOrFailed\n", ON_FAILURE));
    assert_clean(&job(
        "  podReplacementPolicy: Failed\n  podFailurePolicy:\n    rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]\n",
        NEVER,
    ));
}

#[test]
fn selector_is_generated_unless_manual() {
    check_code(
        codes::JOB_SPEC,
        &job(
            "  selector:\n# ^^^^^^^^ job-spec: spec.selector: Invalid value: {...}: `selector` not auto-generated\n    matchLabels: {app: work}\n",
            ON_FAILURE,
        ),
    );
    check_code(
        codes::JOB_SPEC,
        &job("  manualSelector: true\n# ^^^^^^^^^^^^^^ job-spec: spec.selector: Required value\n", ON_FAILURE),
    );
    check_code(
        codes::JOB_SPEC,
        &job("  manualSelector: true\n  selector:\n    matchLabels: {app: other}\n", ON_FAILURE).replace(
            "  template:\n",
            "  template:\n    metadata:\n      labels: {app: work}\n#     ^^^^^^ job-spec: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"work\"}: `selector` does not match template `labels`\n",
        ),
    );
    // Valid: a manual selector, an empty selector (it matches everything, the generated labels too).
    assert_clean(
        &job("  manualSelector: true\n  selector:\n    matchLabels: {app: work}\n", ON_FAILURE)
            .replace("  template:\n", "  template:\n    metadata:\n      labels: {app: work}\n"),
    );
    assert_clean(&job("  selector: {}\n", ON_FAILURE));
    assert_clean(&job("  manualSelector: false\n", ON_FAILURE));
}

#[test]
fn pod_failure_policy_rules() {
    let policy = |rules: &str| format!("  backoffLimit: 3\n  podFailurePolicy:\n    rules:\n{rules}");
    check_code(
        codes::POD_FAILURE_POLICY,
        &job(
            &policy(
                "    - action: Retry\n#             ^^^^^ pod-failure-policy: spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"\n      onExitCodes: {operator: In, values: [1]}\n    - action: FailIndex\n#             ^^^^^^^^^ pod-failure-policy: rules[1].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set\n      onExitCodes: {operator: Equals, values: [3, 1, 1]}\n#                             ^^^^^^ pod-failure-policy: rules[1].onExitCodes.operator: Unsupported value: \"Equals\": supported values: \"In\", \"NotIn\"\n#                                             ^^^^^^^^^ pod-failure-policy: onExitCodes.values: Invalid value: []int32{3, 1, 1}: must be ordered\n#                                                    ^ pod-failure-policy: rules[1].onExitCodes.values[2]: Duplicate value: 1\n    - action: \"\"\n#             ^^ pod-failure-policy: rules[2].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]\n      onExitCodes: {operator: In, values: []}\n#                                         ^^ pod-failure-policy: rules[2].onExitCodes.values: Invalid value: []int32{}: at least one value is required\n    - action: Ignore\n#     ^^^^^^ pod-failure-policy: rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required\n    - action: Ignore\n#     ^^^^^^ pod-failure-policy: rules[4]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported\n      onExitCodes: {operator: NotIn, values: [0]}\n      onPodConditions:\n      - type: \"bad type\"\n#             ^^^^^^^^^^ pod-failure-policy: rules[4].onPodConditions[0].type: Invalid value: \"bad type\"\n        status: Maybe\n#               ^^^^^ pod-failure-policy: onPodConditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"\n",
            ),
            NEVER,
        ),
    );
    check_code(
        codes::POD_FAILURE_POLICY,
        &job(
            &policy(
                "    - action: FailJob\n      onExitCodes:\n        containerName: ap\n#                      ^^ pod-failure-policy: must be one of the container or initContainer names in the pod template\n        operator: In\n        values: [0, 42]\n#                ^ pod-failure-policy: rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator\n",
            ),
            NEVER,
        ),
    );
    // Valid: a named init container, NotIn with 0, conditions with the status defaulted, FailIndex per index.
    assert_clean(&job(
        &policy(
            "    - action: FailJob\n      onExitCodes: {containerName: setup, operator: In, values: [1, 2, 42]}\n    - action: Count\n      onExitCodes: {operator: NotIn, values: [0]}\n    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}, {type: example.com/Evicted, status: \"False\"}]\n",
        ),
        NEVER,
    ));
    assert_clean(&job(
        "  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [1]}\n",
        NEVER,
    ));
}

#[test]
fn unordered_exit_codes_are_sorted_by_the_fix() {
    let text = job(
        "  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42, 1]}\n",
        NEVER,
    );
    let fixed = apply_first_fix(&text, codes::POD_FAILURE_POLICY);
    assert!(fixed.contains("values: [1, 42]"), "{fixed}");
    assert_clean(&fixed);
}

#[test]
fn cron_schedules_as_the_parser_reads_them() {
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job(
            "  schedule: \"61 * * * *\"\n#           ^^^^^^^^^^^^ cron-schedule: spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61\n",
        ),
    );
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job(
            "  schedule: \"CRON_TZ=UTC 0 * * * *\"\n#           ^^^^^^^^^^^^^^^^^^^^^^^ cron-schedule: spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead\n",
        ),
    );
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job("  schedule: \"\"\n#           ^^ cron-schedule: spec.schedule: Required value\n"),
    );
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job("  schedule: \"0 0 * *\"\n#           ^^^^^^^^^ cron-schedule: expected exactly 5 fields, found 4\n"),
    );
    // Valid for the parser: a step beyond the range, a duration, a day that never comes, names and `?`.
    for schedule in ["*/61 * * * *", "@every 1h30m", "0 0 30 2 *", "@hourly", "0 9 * JAN-MAR mon-fri", "0 0 ? * *"] {
        assert_clean(&cron_job(&format!("  schedule: \"{schedule}\"\n")));
    }
}

#[test]
fn cron_time_zones() {
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job(
            "  schedule: \"@daily\"\n  timeZone: europe/paris\n#           ^^^^^^^^^^^^ cron-schedule: spec.timeZone: Invalid value: \"europe/paris\": unknown time zone europe/paris\n",
        ),
    );
    let text = cron_job("  schedule: \"@daily\"\n  timeZone: Europe/Pariss\n");
    let found = batch_rules(&text);
    assert!(found.iter().any(|d| d.message.contains("Did you mean `Europe/Paris`?")), "{found:#?}");
    let fixed = apply_first_fix(&text, codes::CRON_SCHEDULE);
    assert!(fixed.contains("timeZone: Europe/Paris\n"), "{fixed}");
    assert_clean(&fixed);
    check_code(
        codes::CRON_SCHEDULE,
        &cron_job(
            "  schedule: \"@daily\"\n  timeZone: \"\"\n#           ^^ cron-schedule: spec.timeZone: Invalid value: \"\": timeZone must be nil or non-empty string\n",
        ),
    );
    // Far from every zone: no guess.
    let found = batch_rules(&cron_job("  schedule: \"@daily\"\n  timeZone: Mars/Olympus_Mons\n"));
    assert!(found.iter().all(|d| d.fixes.is_empty()), "{found:#?}");
    for zone in ["Etc/UTC", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+1"] {
        assert_clean(&cron_job(&format!("  schedule: \"@daily\"\n  timeZone: {zone}\n")));
    }
}

#[test]
fn cron_job_fields() {
    let long = "a".repeat(53);
    check_code(
        codes::CRON_JOB_SPEC,
        &cron_job("  schedule: \"@daily\"\n").replace(
            "  name: nightly\n",
            &format!("  name: {long}\n#       {} cron-job-spec: metadata.name: Invalid value: \"{long}\": must be no more than 52 characters\n", "^".repeat(53)),
        ),
    );
    assert_clean(&cron_job("  schedule: \"@daily\"\n").replace("name: nightly", &format!("name: {}", "a".repeat(52))));
    check_code(
        codes::CRON_JOB_SPEC,
        &cron_job(
            "  schedule: \"@daily\"\n  concurrencyPolicy: Sometimes\n#                    ^^^^^^^^^ cron-job-spec: spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"\n  startingDeadlineSeconds: -10\n#                          ^^^ cron-job-spec: spec.startingDeadlineSeconds: Invalid value: -10: must be greater than or equal to 0\n  failedJobsHistoryLimit: -1\n#                         ^^ cron-job-spec: spec.failedJobsHistoryLimit: Invalid value: -1\n",
        ),
    );
    // An empty policy is defaulted to `Allow`.
    assert_clean(&cron_job("  schedule: \"@daily\"\n  concurrencyPolicy: \"\"\n"));
    let forbid = cron_job("  schedule: \"@daily\"\n  concurrencyPolicy: forbid\n");
    let fixed = apply_first_fix(&forbid, codes::CRON_JOB_SPEC);
    assert!(fixed.contains("concurrencyPolicy: Forbid\n"), "{fixed}");
    assert_clean(&fixed);
    assert_clean(&cron_job(
        "  schedule: \"@daily\"\n  concurrencyPolicy: Replace\n  startingDeadlineSeconds: 0\n  successfulJobsHistoryLimit: 0\n  failedJobsHistoryLimit: 0\n  suspend: true\n",
    ));
}

#[test]
fn a_cron_jobs_template_gets_the_job_rules_at_its_path_and_no_selector() {
    let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n      manualSelector: true\n#                     ^^^^ cron-job-spec: spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"\n      backoffLimit: -2\n#                   ^^ job-spec: spec.jobTemplate.spec.backoffLimit: Invalid value: -2\n      selector:\n#     ^^^^^^^^ cron-job-spec: spec.jobTemplate.spec.selector: Invalid value: {...}: `selector` will be auto-generated\n        matchLabels: {app: nightly}\n      template:\n        spec:\n          containers:\n#         ^^^^^^^^^^ job-spec: spec.jobTemplate.spec.template.spec.restartPolicy: Required value\n          - name: app\n            image: example/app:1.0\n";
    check_against(text, &batch_rules(text));
    // The fix inserts the policy at the template's indentation.
    let fixed = apply_first_fix(
        &cron_job("  schedule: \"@daily\"\n").replace("          restartPolicy: OnFailure\n", ""),
        codes::JOB_SPEC,
    );
    assert!(fixed.contains("        spec:\n          restartPolicy: OnFailure\n          containers:"), "{fixed}");
    assert_clean(&fixed);
}

#[test]
fn wrong_types_and_shapes_are_left_to_the_schema() {
    assert_clean(&job(
        "  completionMode: [Indexed]\n  podFailurePolicy: yes\n  successPolicy: 3\n  selector: app\n",
        "      restartPolicy: 1\n",
    ));
    assert_clean(&cron_job("  schedule: 5\n  timeZone: 7\n  concurrencyPolicy: {}\n  jobTemplate: 1\n"));
    assert_clean("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec: []\n");
    assert_clean("apiVersion: batch/v1\nkind: Job\n");
}
