//! Distributed ping-pong: round trips of a small integer between processes
//! on two nodes on loopback (`programs/dist_pingpong.gasm` and its twin
//! `programs/dist_pingpong.erl`), girder↔girder next to erl↔erl. One round
//! trip is two messages, each encoded, written to a socket, read, decoded
//! and delivered.
//!
//! Each run starts the pong node (a name of its own, so that runs never
//! meet an earlier registration in EPMD), waits for it to say `ready`, then
//! runs the ping node, which times the round trips and stops the pong node.

use crate::compare::{erl_twin, report_round_trips, write_json};
use crate::memory::Machine;
use crate::phase::Phases;
use crate::progress::Progress;
use crate::report::{median_over_runs, thousands};
use crate::runner::Runner;
use crate::sampler;
use anyhow::{bail, Context};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What `girder-bench dist-pingpong` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Timed round trips in each run.
    pub round_trips: u64,
    /// Runs on each VM; figures are their medians.
    pub runs: usize,
    /// `Some("erl")` to run the Erlang twin too.
    pub compare: Option<String>,
    /// Where to write the figures as JSON.
    pub json: Option<PathBuf>,
}

/// The cookie both nodes of a run share.
const COOKIE: &str = "girder_bench";

/// How long the pong node may take to start.
const START: Duration = Duration::from_secs(20);

/// Runs `girder-bench dist-pingpong`: prints the figures and writes JSON.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let limit = crate::memory::run_limit(Machine::read());
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "dist_pingpong.erl", &progress)?;
    let n = options.round_trips.to_string();
    let girder = measure(&mut progress, "girder", options, limit, &|pong_name: &str, ping_name: &str| {
        let node = |name: &str| ["--name".to_string(), name.to_string(), "--cookie".to_string(), COOKIE.to_string()];
        let pong = runner.girder_command(&node(pong_name), "dist_pingpong.gasm", &["pong".to_string()]);
        let ping = runner.girder_command(
            &node(ping_name),
            "dist_pingpong.gasm",
            &["ping".into(), pong_name.into(), n.clone()],
        );
        (pong, ping)
    })?;
    let erl = match &erl_directory {
        Some(directory) => Some(measure(&mut progress, "erl", options, limit, &|pong_name: &str, ping_name: &str| {
            let node =
                |name: &str| ["-name".to_string(), name.to_string(), "-setcookie".to_string(), COOKIE.to_string()];
            let pong = runner.erl_command(directory, &node(pong_name), "dist_pingpong", &["pong".to_string()]);
            let ping = runner.erl_command(
                directory,
                &node(ping_name),
                "dist_pingpong",
                &["ping".into(), pong_name.into(), n.clone()],
            );
            (pong, ping)
        })?),
        None => None,
    };
    drop(progress);
    let runs = options.runs.max(1);
    println!(
        "dist-pingpong: {} round trips between two nodes on 127.0.0.1, medians of {runs} run(s)",
        thousands(options.round_trips)
    );
    let mut document = json!({
        "benchmark": "dist-pingpong",
        "round_trips": options.round_trips,
        "runs": runs,
    });
    let labels = ["girder↔girder ", "erl↔erl       ", "girder/erl    "];
    report_round_trips(&mut document, labels, girder, erl, None);
    if let Some(path) = &options.json {
        write_json(path, &document)?;
    }
    Ok(())
}

/// The median time of a round trip, in nanoseconds, over the runs on one VM.
/// `commands(pong_name, ping_name)` gives the two nodes' commands.
fn measure(
    progress: &mut Progress,
    vm: &str,
    options: &Options,
    limit: u64,
    commands: &dyn Fn(&str, &str) -> (Command, Command),
) -> anyhow::Result<f64> {
    median_over_runs(progress, &format!("{vm} dist-pingpong"), options.runs, |progress, index| {
        let unique = format!("{}_{index}", std::process::id());
        let (pong_name, ping_name) = (format!("bpong_{unique}@127.0.0.1"), format!("bping_{unique}@127.0.0.1"));
        let (mut pong, mut ping) = commands(&pong_name, &ping_name);
        let mut pong = PongNode::start(&mut pong).with_context(|| format!("{vm} dist-pingpong: the pong node"))?;
        let sampled = sampler::run(&mut ping, progress, limit).with_context(|| format!("{vm} dist-pingpong"))?;
        pong.finish();
        Ok(Phases::parse(&sampled.lines).get("dist_pingpong")?.ns_per_item())
    })
}

/// The pong node of a run, killed if it has not ended by itself when dropped.
struct PongNode(Child);

impl PongNode {
    /// Starts the pong node and waits until it prints `ready`.
    fn start(command: &mut Command) -> anyhow::Result<PongNode> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {command:?}"))?;
        let stdout = child.stdout.take().context("the pong node's standard output")?;
        let node = PongNode(child);
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + START;
        loop {
            match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.trim() == "ready" => return Ok(node),
                Ok(_) => {}
                Err(_) => bail!("the pong node did not print `ready` within {START:?}"),
            }
        }
    }

    /// Gives the node a few seconds to end (the ping node stopped it).
    fn finish(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PongNode {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
