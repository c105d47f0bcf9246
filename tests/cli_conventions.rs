//! The CLI behaves like a Unix tool (issue 17): exit codes (0 found / 1 not found / 2 error,
//! 3+ command-specific, usage errors apart from `health`'s states), quiet broken pipes,
//! completions and a man page, `show --json --types`, `show -`, `set --json`, several paths
//! for `ls` and `find`, `find --regex/--ignore-case`, logging only with `RUST_LOG`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

use serde_json::Value as J;

const EXE: &str = env!("CARGO_BIN_EXE_localstate");

fn sample_volume() -> String {
    common::sample_volume().display().to_string()
}

fn sqs_store() -> String {
    common::sample("api_states/sqs/store.state").display().to_string()
}

/// `localstate ARGS` with no LocalStack endpoint from the environment and no `RUST_LOG`.
fn run(args: &[&str]) -> Output {
    Command::new(EXE)
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("LOCALSTACK_ENDPOINT")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn find_exits_0_found_1_nothing_2_error() {
    let vol = sample_volume();
    let found = run(&["find", &vol, "orders-dlq"]);
    assert_eq!(found.status.code(), Some(0), "{}", text(&found.stderr));
    assert!(!found.stdout.is_empty());
    let none = run(&["find", &vol, "no-such-text-anywhere-42"]);
    assert_eq!(none.status.code(), Some(1), "{}", text(&none.stderr));
    assert!(none.stdout.is_empty() && none.stderr.is_empty(), "{}", text(&none.stderr));
    let missing = run(&["find", "/no/such/volume", "orders"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/no/such/volume"), "{}", text(&missing.stderr));
    let bad_regex = run(&["find", &vol, "--regex", "("]);
    assert_eq!(bad_regex.status.code(), Some(2));
    assert!(text(&bad_regex.stderr).contains("invalid regex"), "{}", text(&bad_regex.stderr));
    // Nothing matched and a file could not be searched: an error, not "nothing there".
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), b"{\"a\": ").unwrap();
    let broken = run(&["find", dir.path().to_str().unwrap(), "zzz"]);
    assert_eq!(broken.status.code(), Some(2), "{}", text(&broken.stderr));
}

#[test]
fn usage_errors_are_2_and_health_states_are_3_and_4() {
    // clap's usage errors exit 2 (= error) …
    for args in [&["find"][..], &["health", "--no-such-flag"], &["show"], &["completions", "tcsh"]]
    {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).starts_with("error: "), "{args:?}: {}", text(&out.stderr));
    }
    // … and `health` says "unreachable" with 3 (4 = not LocalStack is tests/live_edge.rs).
    let dead = run(&["health", "--timeout", "1", "--endpoint", "http://127.0.0.1:9"]);
    assert_eq!(dead.status.code(), Some(3), "{}", text(&dead.stderr));
    assert!(text(&dead.stdout).contains("unreachable"));
    // A bad value is an error (2), not a health state.
    let bad = run(&["health", "--timeout", "-1", "--endpoint", "http://127.0.0.1:9"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn help_documents_exit_codes_and_examples() {
    let top = text(&run(&["--help"]).stdout);
    for needle in ["Exit status:", "1  find: nothing matched", "3  health", "4  health", "RUST_LOG"]
    {
        assert!(top.contains(needle), "{needle:?} in\n{top}");
    }
    for cmd in ["ls", "show", "find", "replay", "health", "set", "audit", "completions", "man"] {
        let out = run(&[cmd, "--help"]);
        assert_eq!(out.status.code(), Some(0));
        let help = text(&out.stdout);
        assert!(help.contains("Examples:") && help.contains("Exit status"), "{cmd}:\n{help}");
        assert!(help.contains(&format!("localstate {cmd}")), "{cmd}:\n{help}");
    }
}

/// Spawns `localstate ARGS` with stdout piped, reads one line, closes the pipe and returns
/// (the line, the exit status, stderr).
fn read_one_line_then_close(args: &[&str]) -> (String, Option<i32>, String) {
    let mut child = Command::new(EXE)
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut line).unwrap();
    } // the read end is closed here
    let out = child.wait_with_output().unwrap();
    (line, out.status.code(), text(&out.stderr))
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let vol = sample_volume();
    let store = sqs_store();
    let replay = common::sample_volume().join("data/recorded_api_calls.json");
    let replay = replay.to_str().unwrap();
    // `find` on the volume four times writes about 3 MB, far more than a pipe holds, so the
    // writes after the first line meet the closed pipe.
    let cases: [&[&str]; 6] = [
        &["find", &vol, &vol, &vol, &vol, "e"],
        &["find", &vol, &vol, &vol, &vol, "e", "--json"],
        &["show", &store, "--json", "--types"],
        &["show", &store],
        &["ls", &vol, &vol, &vol, &vol, &vol, &vol, &vol, &vol],
        &["replay", replay, "--json", "--lint"],
    ];
    for args in cases {
        let (line, code, stderr) = read_one_line_then_close(args);
        assert!(!line.is_empty(), "{args:?}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn completions_for_bash_zsh_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.len() > 500 && script.contains("localstate"), "{shell}: {script}");
        // The subcommands and their options are completed.
        assert!(script.contains("completions") && script.contains("ignore-case"), "{shell}");
    }
}

#[test]
fn man_page_is_roff() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.lines().any(|l| l.starts_with(".TH localstate 1")), "{page}");
    // Every subcommand has its page, with the exit codes from its after_help.
    for cmd in ["ls", "show", "find", "replay", "health", "set", "audit", "completions", "man"] {
        assert!(page.contains(&format!(".TH localstate-{cmd} 1")), "{cmd}");
    }
    assert!(page.contains(".SH OPTIONS") && page.contains("Exit status"));
}

/// Every (pointer, value) of the leaves of `v` (objects and arrays walked iteratively).
fn leaves(v: &J) -> Vec<(String, J)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), v)];
    while let Some((p, v)) = stack.pop() {
        let esc = |k: &str| k.replace('~', "~0").replace('/', "~1");
        match v {
            J::Object(m) => stack.extend(m.iter().map(|(k, c)| (format!("{p}/{}", esc(k)), c))),
            J::Array(a) => stack.extend(a.iter().enumerate().map(|(i, c)| (format!("{p}/{i}"), c))),
            leaf => out.push((p, leaf.clone())),
        }
    }
    out
}

#[test]
fn types_name_every_class_and_keep_every_pointer() {
    let store = sqs_store();
    let plain: J = serde_json::from_slice(&run(&["show", &store, "--json"]).stdout).unwrap();
    let typed_out = run(&["show", &store, "--json", "--types"]);
    assert_eq!(typed_out.status.code(), Some(0), "{}", text(&typed_out.stderr));
    let typed: J = serde_json::from_slice(&typed_out.stdout).unwrap();

    assert_eq!(typed["$type"], "localstack.services.stores.AccountRegionBundle");
    let queues = &typed["000000000000"]["us-east-1"]["queues"];
    assert_eq!(
        typed["000000000000"]["us-east-1"]["$type"],
        "localstack.services.sqs.models.SqsStore"
    );
    assert_eq!(queues["$type"], "dict");
    let classes: Vec<&str> = queues
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| *k != "$type" && *k != "$types")
        .map(|(_, q)| q["$type"].as_str().unwrap())
        .collect();
    assert!(classes.contains(&"localstack.services.sqs.models.StandardQueue"), "{classes:?}");
    assert!(classes.contains(&"localstack.services.sqs.models.FifoQueue"), "{classes:?}");
    for (name, q) in queues.as_object().unwrap().iter().filter(|(k, _)| !k.starts_with('$')) {
        let fifo = q["$type"] == "localstack.services.sqs.models.FifoQueue";
        assert_eq!(fifo, name.ends_with(".fifo"), "{name}: {}", q["$type"]);
        // Array children (sets, lists) are typed in their parent.
        assert_eq!(q["$types"]["permissions"], "set", "{name}");
    }

    // Every pointer of the plain form addresses the same value in the typed form, and the
    // typed form adds only `$type`/`$types`.
    let plain_leaves = leaves(&plain);
    assert!(plain_leaves.len() > 100);
    for (p, v) in &plain_leaves {
        assert_eq!(typed.pointer(p), Some(v), "{p}");
    }
    let added = leaves(&typed).len() - plain_leaves.len();
    let type_keys = leaves(&typed)
        .iter()
        .filter(|(p, _)| p.contains("/$type") || p.ends_with("/$type"))
        .count();
    assert_eq!(added, type_keys);
}

#[test]
fn types_name_the_callable_of_a_call() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("call.pickle");
    // What pickle.loads would turn into os.system("echo hi"); localstate never calls it.
    std::fs::write(&file, b"cposix\nsystem\n(Vecho hi\ntR.").unwrap();
    let out = run(&["show", file.to_str().unwrap(), "--json", "--types"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: J = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"$type": "posix.system", "__args__": ["echo hi"], "$types": {"__args__": "tuple"}})
    );
    let plain: J =
        serde_json::from_slice(&run(&["show", file.to_str().unwrap(), "--json"]).stdout).unwrap();
    assert_eq!(plain, serde_json::json!({"__args__": ["echo hi"]}));
}

#[test]
fn show_dash_reads_stdin() {
    let store = sqs_store();
    for extra in [&[][..], &["--json"], &["--json", "--types", "--depth", "3"]] {
        let mut child = Command::new(EXE)
            .args(["show", "-"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(&store).unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let from_stdin = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(from_stdin.status.code(), Some(0), "{}", text(&from_stdin.stderr));
        let mut args = vec!["show", store.as_str()];
        args.extend(extra);
        let from_file = run(&args);
        assert_eq!(text(&from_stdin.stdout), text(&from_file.stdout), "{extra:?}");
    }
    // Nothing on stdin is an error.
    let empty = Command::new(EXE).args(["show", "-"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(empty.status.code(), Some(2));
    assert!(text(&empty.stderr).contains("stdin"), "{}", text(&empty.stderr));
}

#[test]
fn set_json_reports_old_new_pointer_file_backup() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("api_states/sqs/store.state", dir.path());
    let file_s = file.to_str().unwrap();
    let pointer = "/000000000000/us-east-1/queues/orders/attributes/VisibilityTimeout";
    let set = |value: &str| {
        run(&["set", "--endpoint", "http://127.0.0.1:9", file_s, pointer, value, "--json"])
    };
    let out = set("61");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 1, "one JSON object: {lines:?}");
    let v: J = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["file"], file_s);
    assert_eq!(v["pointer"], pointer);
    assert_eq!((v["old"].as_str(), v["new"].as_str()), (Some("45"), Some("61")));
    assert_eq!((v["type"].as_str(), v["changed"].as_bool()), (Some("str"), Some(true)));
    assert_eq!((&v["table"], &v["row"]), (&J::Null, &J::Null));
    let backup = std::path::PathBuf::from(v["backup"].as_str().unwrap());
    assert!(backup.exists(), "{}", backup.display());
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        std::fs::read(common::sample("api_states/sqs/store.state")).unwrap()
    );
    // Setting the same value again saves nothing and says so.
    let again: J = serde_json::from_slice(&set("61").stdout).unwrap();
    assert_eq!((again["changed"].as_bool(), &again["backup"]), (Some(false), &J::Null));
    // A refused edit is an error (2) and prints nothing on stdout.
    let bad = run(&["set", "--endpoint", "http://127.0.0.1:9", file_s, "/nope", "1", "--json"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
}

#[test]
fn ls_and_find_take_several_paths() {
    let vol = sample_volume();
    let two = run(&["ls", &vol, &vol, "--json"]);
    assert_eq!(two.status.code(), Some(0));
    let v: J = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    let one: J = serde_json::from_slice(&run(&["ls", &vol, "--json"]).stdout).unwrap();
    assert_eq!(v[0], one, "one path still prints one object");
    // A missing path among others: the others are listed, the status says an error happened.
    let mixed = run(&["ls", &vol, "/no/such/volume"]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(text(&mixed.stdout).contains("layout: "), "{}", text(&mixed.stdout));
    assert!(text(&mixed.stderr).contains("/no/such/volume"));

    let store = sqs_store();
    let replay = common::sample_volume().join("data");
    let out = run(&["find", &store, replay.to_str().unwrap(), "orders-dlq"]);
    assert_eq!(out.status.code(), Some(0));
    let hits = text(&out.stdout);
    assert!(hits.contains("store.state ") && hits.contains("recorded_api_calls.json "), "{hits}");
}

#[test]
fn find_regex_and_ignore_case() {
    let store = sqs_store();
    let json = |args: &[&str]| -> Vec<J> {
        let mut all = vec!["find", store.as_str(), "--json"];
        all.extend(args);
        text(&run(&all).stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    // Case-sensitive by default, like grep and ripgrep.
    assert!(json(&["ORDERS-DLQ"]).is_empty());
    let caseless = json(&["ORDERS-DLQ", "--ignore-case"]);
    assert!(!caseless.is_empty());
    assert_eq!(caseless.len(), json(&["orders-dlq"]).len());
    assert_eq!(json(&["-i", "ORDERS-DLQ"]).len(), caseless.len());
    // Options may stand between the operands.
    let out = run(&["find", &store, "-i", "ORDERS-DLQ"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A regex, anchored: only the values that are exactly a queue name ending in .fifo.
    let fifo = json(&["--regex", r"^[a-z-]+\.fifo$"]);
    assert!(!fifo.is_empty());
    for h in &fifo {
        let name = h["pointer"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let value = h["value"].as_str().unwrap();
        assert!(name.ends_with(".fifo") || value.ends_with(".fifo"), "{h}");
    }
    assert!(json(&["--regex", r"^ORDERS-DLQ$"]).is_empty());
    assert!(!json(&["--regex", "-i", r"^ORDERS-DLQ$"]).is_empty());
}

#[test]
fn logs_go_to_stderr_only_with_rust_log() {
    let store = sqs_store();
    let quiet = run(&["show", &store]);
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
    let logged =
        Command::new(EXE).args(["show", &store]).env("RUST_LOG", "debug").output().unwrap();
    assert_eq!(logged.stdout, quiet.stdout, "logging never touches stdout");
    assert!(text(&logged.stderr).contains("DEBUG"), "{}", text(&logged.stderr));
}

#[test]
fn ls_without_a_path_lists_the_bundled_sample_volume() {
    let out = run(&["ls"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("layout: Pro snapshot v2+ at state"), "{shown}");
    assert!(shown.lines().any(|l| l.starts_with("sqs ")), "{shown}");
}
