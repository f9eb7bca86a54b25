//! Sending a message: the term is copied out of the sender's heap into a
//! fragment the message owns (DESIGN decision 3).

use crate::copy;
use crate::exception::Exception;
use crate::mailbox::Message;
use crate::process::Process;
use crate::term::Term;
use crate::vm::Vm;

/// Sends `message` to `destination` (a pid; names come with the registry).
///
/// Sending to a pid that is not alive does nothing, as in Erlang; a
/// destination that is not a pid raises `badarg`.
pub fn send(_vm: &Vm, sender: &mut Process, destination: Term, message: Term) -> Result<(), Exception> {
    if !destination.is_pid() {
        return Err(Exception::badarg());
    }
    if destination == sender.pid {
        let (term, fragment) = copy::copy_to_block(message);
        sender.mailbox.push(Message { term, fragment });
    }
    Ok(())
}
