//! BIFs about nodes: `node/1`, `nodes/0`, `is_alive/0`, `monitor_node/2`,
//! `disconnect_node/1`, and `spawn_request/5`, on which `spawn/2,4` and
//! `spawn_link/2,4` to another node are built (`erlang.gasm` of the
//! standard library).

use super::processes::{heap_limit_fits, monitor_options, monitor_reference, spawn_setting, MonitorOptions};
use super::BifCtx;
use crate::dist::control::{self, PendingSpawn, Reply};
use crate::dist::external;
use crate::exception::{BifResult, Exception};
use crate::process::lifecycle::SpawnOptions;
use crate::process::relations::Relation;
use crate::process::tuning::Tuning;
use crate::term::ext;
use crate::term::node::this_node;
use crate::term::{atoms, build, Atom, BoxKind, Term};

/// `erlang:node/1`: the node a pid or reference belongs to.
pub fn node1(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let term = args[0];
    if term.is_local_pid() || term.is_box_of(BoxKind::Ref) {
        return Ok(Term::atom(this_node()));
    }
    if let Some(node) = external::node_of(term) {
        return Ok(Term::atom(node));
    }
    match build::ref_parts(term) {
        Some(parts) => Ok(Term::atom(parts.node.name)),
        None => Err(Exception::badarg()),
    }
}

/// `erlang:nodes/0`: the nodes connected now.
pub fn nodes(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let nodes: Vec<Term> = ctx.vm.dist.nodes().into_iter().map(Term::atom).collect();
    Ok(build::list_from_slice(&mut ctx.process.heap, &nodes))
}

/// `erlang:is_alive/0`: whether this VM is a distributed node.
pub fn is_alive(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::boolean(ctx.vm.dist.is_alive()))
}

/// `erlang:monitor_node/2`: with `true`, `{nodedown, Node}` arrives when
/// the connection to `Node` fails or is lost (it is made when there is
/// none); with `false`, one such monitor is removed. Raises `notalive` on
/// a node that is not distributed.
pub fn monitor_node(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(node), true) = (args[0].as_atom(), args[1].is_boolean()) else { return Err(Exception::badarg()) };
    let Some(alive) = ctx.vm.dist.alive() else { return Err(Exception::error_atom(atoms::NOTALIVE)) };
    if node == this_node() {
        return Ok(Term::boolean(true));
    }
    if args[1] == Term::boolean(true) {
        alive.monitor_node(ctx.vm, ctx.process.pid, node);
    } else {
        alive.demonitor_node(ctx.process.pid, node);
    }
    Ok(Term::boolean(true))
}

/// `erlang:disconnect_node/1`: `true` when a connection was closed,
/// `false` when there was none, `ignored` on a node that is not distributed.
pub fn disconnect_node(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let node = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let Some(alive) = ctx.vm.dist.alive() else { return Ok(Term::atom(atoms::IGNORED)) };
    Ok(Term::boolean(crate::dist::disconnect(alive, node)))
}

/// The options of one `spawn_request/5` call.
struct Request {
    /// `link`.
    link: bool,
    /// `monitor` or `{monitor, Options}`.
    monitor: bool,
    /// `{reply, yes | no | error_only | success_only}`.
    reply: Reply,
    /// `{reply_tag, Tag}`: the first element of the reply (`spawn_reply`).
    tag: Term,
    /// An option that is not one (OTP answers `badopt` for it rather than
    /// raise).
    bad: bool,
    /// `{monitor, Options}`'s options (a tag, an alias).
    monitor_options: MonitorOptions,
    /// The settings of `spawn_opt` among the options (`priority`, heap
    /// sizes and the like), for a process of this node.
    tuning: Tuning,
}

/// Reads `spawn_request/5`'s option list; `None` when it is not a proper
/// list (`badarg`). The settings of `spawn_opt/4` (`priority`, heap sizes
/// and the like) are checked as `spawn_opt/4` checks them, and given to a
/// process of this node.
fn request_options(list: Term, max_heap_words: usize) -> Option<Request> {
    let options = build::list_to_vec(list)?;
    let mut request = Request {
        link: false,
        monitor: false,
        reply: Reply::Yes,
        tag: Term::atom(atoms::SPAWN_REPLY),
        bad: false,
        monitor_options: MonitorOptions::default(),
        tuning: Tuning::default(),
    };
    for option in options {
        if let Some(name) = option.as_atom() {
            match name.name() {
                "link" => request.link = true,
                "monitor" => request.monitor = true,
                _ => request.bad = true,
            }
            continue;
        }
        let Some(&[key, value]) = option.as_tuple() else {
            request.bad = true;
            continue;
        };
        match (key.as_atom().map(Atom::name), value.as_atom().map(Atom::name)) {
            (Some("reply"), Some("yes")) => request.reply = Reply::Yes,
            (Some("reply"), Some("no")) => request.reply = Reply::No,
            (Some("reply"), Some("error_only")) => request.reply = Reply::ErrorOnly,
            (Some("reply"), Some("success_only")) => request.reply = Reply::SuccessOnly,
            (Some("reply_tag"), _) => request.tag = value,
            (Some("monitor"), _) => match monitor_options(value) {
                Ok(options) => {
                    request.monitor = true;
                    request.monitor_options = options;
                }
                Err(_) => request.bad = true,
            },
            (Some("async_dist"), _) => {}
            (Some(key), _) => request.bad |= !spawn_setting(&mut request.tuning, key, value, max_heap_words),
            _ => request.bad = true,
        }
    }
    request.bad |= !heap_limit_fits(&request.tuning);
    Some(request)
}

/// `erlang:spawn_request/5`: `spawn_request(Node, Module, Function, Args,
/// Options)` starts `Module:Function(Args...)` on `Node` (this node or
/// another) and returns a reference at once; `{spawn_reply, Ref, ok, Pid}`
/// or `{spawn_reply, Ref, error, Reason}` arrives later. Options, as in
/// OTP: `link`; `monitor` (or `{monitor, []}`), under the returned
/// reference, so that `'DOWN'` carries it and `demonitor/1,2` of it works;
/// `{reply, yes | no | error_only | success_only}`, which replies arrive;
/// `{reply_tag, Tag}`, the reply's first element; and the tuning options of
/// `spawn_opt/4`, which have no effect. Any other option is answered with
/// `{spawn_reply, Ref, error, badopt}`; an option list that is not a proper
/// list, or a module or function that is not an atom, raises `badarg`.
pub fn spawn_request(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(node), Some(module), Some(function)) = (args[0].as_atom(), args[1].as_atom(), args[2].as_atom()) else {
        return Err(Exception::badarg());
    };
    let arity = build::list_len(args[3]).ok_or_else(Exception::badarg)?;
    let request = request_options(args[4], ctx.vm.config.max_heap_words).ok_or_else(Exception::badarg)?;
    let number = ctx.vm.next_ref();
    let reference = if request.monitor && !request.bad {
        monitor_reference(ctx, number, request.monitor_options)
    } else {
        build::reference(&mut ctx.process.heap, number)
    };
    if request.bad {
        if request.reply.wants(false) {
            control::deliver_spawn_reply(ctx.vm, ctx.process.pid, number, Err(Term::atom(atoms::BADOPT)), request.tag);
        }
        return Ok(reference);
    }
    if node != this_node() {
        let tag = if request.tag == Term::atom(atoms::SPAWN_REPLY) {
            None
        } else {
            let this = crate::term::node::this_node_id();
            let mut bytes = Vec::new();
            ext::encode(request.tag, &this, &ctx.vm.code, &mut bytes).map_err(|_| Exception::badarg())?;
            Some(bytes)
        };
        if request.monitor {
            // The pid is not known yet: the monitor is recorded under the
            // node, whose connection's records say which process it is
            // once the reply has come (see `control::demonitor_name`).
            ctx.process.relations.add(Relation::Monitors(number, Term::atom(node)));
        }
        let pending =
            PendingSpawn { number, requester: ctx.process.pid, monitor: request.monitor, reply: request.reply, tag };
        control::spawn_request(ctx.vm, node, pending, (module, function, arity), args[3], request.link);
        return Ok(reference);
    }
    let start = crate::process::start::mfa_start(ctx.vm, args[1], args[2], args[3]);
    let options = SpawnOptions {
        link: request.link,
        monitor: request.monitor,
        monitor_reference: Some(number),
        tuning: (request.tuning != Tuning::default()).then_some(request.tuning),
        ..SpawnOptions::default()
    };
    let reply = match start {
        Ok(start) => start
            .spawn(ctx.vm, Some(ctx.process), options)
            .map(|(pid, _)| pid)
            .map_err(|_| Term::atom(atoms::SYSTEM_LIMIT)),
        Err(_) => Err(Term::atom(atoms::BADARG)),
    };
    if request.reply.wants(reply.is_ok()) {
        control::deliver_spawn_reply(ctx.vm, ctx.process.pid, number, reply, request.tag);
    }
    Ok(reference)
}
