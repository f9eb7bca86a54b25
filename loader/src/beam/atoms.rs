//! A BEAM file's atom table, which literals extend.

use crate::error::ErrorKind;
use crate::format::MAX_ATOM_CHARS;
use crate::module::AtomIndex;
use std::collections::HashMap;

/// The atoms of a module being read: the file's own (`AtU8` or `Atom`),
/// then those that only literals name.
pub(crate) struct AtomTable {
    names: Vec<String>,
    index: HashMap<String, AtomIndex>,
}

impl AtomTable {
    /// A table of the file's atoms; atom 0 is the module's name.
    pub(crate) fn new(names: Vec<String>) -> Result<AtomTable, (usize, ErrorKind)> {
        let mut index = HashMap::with_capacity(names.len());
        for (position, name) in names.iter().enumerate() {
            check_name(name).map_err(|kind| (position, kind))?;
            if let Some(&first) = index.get(name) {
                return Err((position, ErrorKind::DuplicateAtom { name: name.as_str().into(), first: first as usize }));
            }
            index.insert(name.clone(), position as AtomIndex);
        }
        if names.is_empty() {
            return Err((0, ErrorKind::NoAtoms));
        }
        Ok(AtomTable { names, index })
    }

    /// The index of an atom, added to the table if it is new.
    pub(crate) fn intern(&mut self, name: String) -> Result<AtomIndex, ErrorKind> {
        if let Some(&atom) = self.index.get(&name) {
            return Ok(atom);
        }
        check_name(&name)?;
        let atom = self.names.len() as AtomIndex;
        self.index.insert(name.clone(), atom);
        self.names.push(name);
        Ok(atom)
    }

    /// The index of an atom the table holds.
    #[cfg(test)]
    pub(crate) fn lookup(&self, name: &str) -> Option<AtomIndex> {
        self.index.get(name).copied()
    }

    /// The number of atoms.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The atoms' names, in index order.
    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// Checks an atom's length, as Erlang limits it.
fn check_name(name: &str) -> Result<(), ErrorKind> {
    let chars = name.chars().count();
    if chars > MAX_ATOM_CHARS {
        return Err(ErrorKind::AtomTooLong { chars });
    }
    Ok(())
}
