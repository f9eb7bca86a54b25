//! Sending a message: the term is copied out of the sender's heap into a
//! fragment the message owns (ARCHITECTURE.md, decision 3), and pushed to the
//! receiver's inbox without taking any lock of the receiver.

use crate::exception::Exception;
use crate::process::lifecycle;
use crate::process::signal::Signal;
use crate::process::Process;
use crate::term::Term;
use crate::vm::Vm;

/// Sends `message` to `destination`: a pid (of this node or another), a
/// registered name, `{Name, Node}`, or an alias (a reference).
///
/// As in Erlang: sending to a pid that is not alive does nothing; an
/// unregistered name raises `badarg`; `{Name, Node}` with an unregistered
/// name is dropped; anything else raises `badarg`. A message to another
/// node is encoded here, from the sender's heap, and queued on the
/// connection to that node (made on first use).
pub fn send(vm: &Vm, sender: &mut Process, destination: Term, message: Term) -> Result<(), Exception> {
    let pid = if destination.is_local_pid() {
        destination
    } else if destination.is_pid() {
        crate::dist::control::send(vm, destination, message);
        return Ok(());
    } else if let Some(name) = destination.as_atom() {
        vm.registry.whereis(name).ok_or_else(Exception::badarg)?
    } else if let Some(&[name, node]) = destination.as_tuple() {
        let (Some(name), Some(node)) = (name.as_atom(), node.as_atom()) else { return Err(Exception::badarg()) };
        if node != crate::term::node::this_node() {
            if vm.dist.is_alive() {
                crate::dist::control::send_named(vm, sender.pid, name, node, message);
            }
            return Ok(());
        }
        match vm.registry.whereis(name) {
            Some(pid) => pid,
            None => return Ok(()),
        }
    } else if destination.is_reference() {
        // An alias reaches its owner; any other reference drops the
        // message, as in OTP.
        if let Some((alias, owner)) = crate::term::build::alias_parts(destination) {
            let message = crate::process::mailbox::Message::copy(message);
            lifecycle::deliver(vm, owner, Signal::AliasMessage { alias, message });
        }
        return Ok(());
    } else {
        return Err(Exception::badarg());
    };
    lifecycle::deliver(vm, pid, Signal::message(message));
    Ok(())
}
