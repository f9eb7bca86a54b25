//! Exceptions: what a failing instruction or BIF raises, and how it travels
//! to a handler or ends the process.

use crate::term::{atoms, Atom, Term};

/// The class of an exception, as in Erlang's `Class:Reason` patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A run-time error (`error/1`, `badarith`, ...).
    Error,
    /// An exit (`exit/1`).
    Exit,
    /// A non-local return (`throw/1`).
    Throw,
}

impl Class {
    /// The class as the atom Erlang code sees.
    pub fn atom(self) -> Atom {
        match self {
            Class::Error => atoms::ERROR,
            Class::Exit => atoms::EXIT,
            Class::Throw => atoms::THROW,
        }
    }

    /// The class an atom names, if any.
    pub fn from_atom(atom: Atom) -> Option<Class> {
        match atom {
            atoms::ERROR => Some(Class::Error),
            atoms::EXIT => Some(Class::Exit),
            atoms::THROW => Some(Class::Throw),
            _ => None,
        }
    }
}

/// An exception on its way to a handler.
///
/// `reason` lives on the raising process's heap (or is an immediate or a
/// literal). `args`, when set, is a list of the arguments of the failing
/// call, shown in the top frame of the stack trace as Erlang does for BIFs
/// and `function_clause`. `stacktrace`, when set, is a ready stack trace to
/// use instead of building one (for `raise` and `erlang:raise/3`).
/// `cause`, set by a BIF, goes into the `error_info` map of the BIF's frame
/// (`#{cause => C, module => M}`), as OTP's BIFs report which argument or
/// option was wrong; `error_info`, set by `erlang:error/3`, is added to the
/// location of the top frame as `{error_info, Map}`.
#[derive(Clone, Copy, Debug)]
pub struct Exception {
    /// The class.
    pub class: Class,
    /// The reason (the thrown value for `throw`).
    pub reason: Term,
    /// The failing call's arguments, when the top frame should show them.
    pub args: Option<Term>,
    /// A stack trace to re-use as it is.
    pub stacktrace: Option<Term>,
    /// The `cause` a failing BIF reports in its frame's `error_info`.
    pub cause: Option<Atom>,
    /// The error info `erlang:error/3` shows in the top frame.
    pub error_info: Option<Term>,
    /// Raised by a BIF that a tail `apply` (or a tail call of a fun
    /// `fun M:F/A`) entered, with the BIF's frame on top (not by `error/1`,
    /// `exit/1` or `throw/1`, which raise where they were called), or by a tail call of a function that does not
    /// exist (`call_ext_only`, `call_ext_last` or a tail apply): the calling function's frame is gone, so its stack trace goes
    /// from the BIF (or the missing function) to the caller's caller, as in
    /// BEAM. So a process that `spawn/3` started on a BIF or a missing
    /// function shows no frame of girder's boot module.
    pub caller_gone: bool,
}

impl Exception {
    /// An `error` with the given reason.
    pub fn error(reason: Term) -> Exception {
        Exception {
            class: Class::Error,
            reason,
            args: None,
            stacktrace: None,
            cause: None,
            error_info: None,
            caller_gone: false,
        }
    }

    /// An `error` whose reason is an atom.
    pub fn error_atom(reason: Atom) -> Exception {
        Exception::error(Term::atom(reason))
    }

    /// `error:badarg`.
    pub fn badarg() -> Exception {
        Exception::error_atom(atoms::BADARG)
    }

    /// `error:badarith`.
    pub fn badarith() -> Exception {
        Exception::error_atom(atoms::BADARITH)
    }

    /// `error:system_limit`.
    pub fn system_limit() -> Exception {
        Exception::error_atom(atoms::SYSTEM_LIMIT)
    }

    /// `error:badarg` whose `error_info` names a cause (`badopt`, `badtype`...).
    pub fn badarg_because(cause: Atom) -> Exception {
        Exception { cause: Some(cause), ..Exception::badarg() }
    }

    /// An exception of any class.
    pub fn new(class: Class, reason: Term) -> Exception {
        Exception { class, reason, args: None, stacktrace: None, cause: None, error_info: None, caller_gone: false }
    }
}

/// The result of a BIF.
pub type BifResult = Result<Term, Exception>;
