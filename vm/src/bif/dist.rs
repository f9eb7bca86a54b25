//! BIFs about nodes: `node/1`, `nodes/0`, `is_alive/0`, `monitor_node/2`,
//! `disconnect_node/1`, and `spawn_request/5`, on which `spawn/2,4` and
//! `spawn_link/2,4` to another node are built (`erlang.gasm` of the
//! standard library).

use super::BifCtx;
use crate::dist::{control, external};
use crate::exception::{BifResult, Exception};
use crate::lifecycle::SpawnOptions;
use crate::term::node::this_node;
use crate::term::{atoms, build, BoxKind, Term};

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

/// `erlang:spawn_request/5`: `spawn_request(Node, Module, Function, Args,
/// Options)` starts `Module:Function(Args...)` on `Node` and returns a
/// reference at once; `{spawn_reply, Ref, ok, Pid}` or `{spawn_reply, Ref,
/// error, Reason}` arrives later. The option `link` links the new process
/// to the caller; other options are ignored.
pub fn spawn_request(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(node), Some(module), Some(function)) = (args[0].as_atom(), args[1].as_atom(), args[2].as_atom()) else {
        return Err(Exception::badarg());
    };
    let arity = build::list_len(args[3]).ok_or_else(Exception::badarg)?;
    let options = build::list_to_vec(args[4]).ok_or_else(Exception::badarg)?;
    let link = options.iter().any(|&option| option.as_atom() == Some(atoms::LINK));
    let number = ctx.vm.next_ref();
    let reference = build::reference(&mut ctx.process.heap, number);
    if node != this_node() {
        control::spawn_request(ctx.vm, node, ctx.process.pid, number, (module, function, arity), args[3], link);
        return Ok(reference);
    }
    let start = super::processes::mfa_start(ctx.vm, args[1], args[2], args[3]);
    let reply = match start {
        Ok(start) => start
            .spawn(ctx.vm, Some(ctx.process), SpawnOptions { link, ..SpawnOptions::default() })
            .map(|(pid, _)| pid)
            .map_err(|_| Term::atom(atoms::SYSTEM_LIMIT)),
        Err(_) => Err(Term::atom(atoms::BADARG)),
    };
    control::deliver_spawn_reply(ctx.vm, ctx.process.pid, number, reply);
    Ok(reference)
}
