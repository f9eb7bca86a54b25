//! The module's index tables as the assembler fills them: atoms, literals,
//! imports and funs, each deduplicated and numbered by first use.

use girder_loader::{AtomIndex, FunEntry, Import, Literal};
use std::collections::HashMap;

/// The atom, literal, import and fun tables of the module being assembled.
#[derive(Default)]
pub(crate) struct Tables {
    /// The atom table, atom 0 first.
    pub(crate) atoms: Vec<String>,
    atom_indices: HashMap<String, AtomIndex>,
    /// The literal table.
    pub(crate) literals: Vec<Literal>,
    literal_indices: HashMap<Vec<u8>, u32>,
    /// The import table.
    pub(crate) imports: Vec<Import>,
    import_indices: HashMap<Import, u32>,
    /// The fun table.
    pub(crate) funs: Vec<FunEntry>,
    fun_indices: HashMap<FunEntry, u32>,
}

impl Tables {
    /// The index of atom `name`, added to the table on first use.
    pub(crate) fn atom(&mut self, name: &str) -> AtomIndex {
        if let Some(&index) = self.atom_indices.get(name) {
            return index;
        }
        let index = table_index(self.atoms.len());
        self.atoms.push(name.to_string());
        self.atom_indices.insert(name.to_string(), index);
        index
    }

    /// The index of `literal`, added to the table on first use.
    ///
    /// Literals are equal when they are the same tree bit for bit, so `0.0`
    /// and `-0.0` (equal as numbers) stay two entries.
    pub(crate) fn literal(&mut self, literal: Literal) -> u32 {
        let mut key = Vec::new();
        literal_key(&literal, &mut key);
        if let Some(&index) = self.literal_indices.get(&key) {
            return index;
        }
        let index = table_index(self.literals.len());
        self.literals.push(literal);
        self.literal_indices.insert(key, index);
        index
    }

    /// The index of `import`, added to the table on first use.
    pub(crate) fn import(&mut self, import: Import) -> u32 {
        let next = table_index(self.imports.len());
        let index = *self.import_indices.entry(import).or_insert(next);
        if index == next {
            self.imports.push(import);
        }
        index
    }

    /// The index of `fun`, added to the table on first use.
    pub(crate) fn fun(&mut self, fun: FunEntry) -> u32 {
        let next = table_index(self.funs.len());
        let index = *self.fun_indices.entry(fun).or_insert(next);
        if index == next {
            self.funs.push(fun);
        }
        index
    }
}

/// Converts a table length to the next index; tables never approach 2^32
/// entries because every entry comes from source text.
fn table_index(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

/// Writes an exact, unambiguous byte form of `literal` to `out`, for deduplication.
fn literal_key(literal: &Literal, out: &mut Vec<u8>) {
    fn length(out: &mut Vec<u8>, length: usize) {
        out.extend_from_slice(&(length as u64).to_le_bytes());
    }
    match literal {
        Literal::Int(value) => {
            out.push(0);
            out.extend_from_slice(&value.to_le_bytes());
        }
        Literal::BigInt(value) => {
            out.push(1);
            let bytes = value.to_signed_bytes_le();
            length(out, bytes.len());
            out.extend_from_slice(&bytes);
        }
        Literal::Float(value) => {
            out.push(2);
            out.extend_from_slice(&value.to_bits().to_le_bytes());
        }
        Literal::Atom(index) => {
            out.push(3);
            out.extend_from_slice(&index.to_le_bytes());
        }
        Literal::Nil => out.push(4),
        Literal::List(elements, tail) => {
            out.push(5);
            length(out, elements.len());
            for element in elements {
                literal_key(element, out);
            }
            literal_key(tail, out);
        }
        Literal::Tuple(elements) => {
            out.push(6);
            length(out, elements.len());
            for element in elements {
                literal_key(element, out);
            }
        }
        Literal::Map(pairs) => {
            out.push(7);
            length(out, pairs.len());
            for (key, value) in pairs {
                literal_key(key, out);
                literal_key(value, out);
            }
        }
        Literal::Binary(bytes) => {
            out.push(8);
            length(out, bytes.len());
            out.extend_from_slice(bytes);
        }
        Literal::Bitstring { bytes, last_bits } => {
            out.push(10);
            length(out, bytes.len());
            out.push(*last_bits);
            out.extend_from_slice(bytes);
        }
        Literal::ExportFun { module, function, arity } => {
            out.push(9);
            out.extend_from_slice(&module.to_le_bytes());
            out.extend_from_slice(&function.to_le_bytes());
            out.extend_from_slice(&arity.to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_numbered_by_first_use() {
        let mut tables = Tables::default();
        assert_eq!(tables.atom("m"), 0);
        assert_eq!(tables.atom("ok"), 1);
        assert_eq!(tables.atom("m"), 0);
        assert_eq!(tables.literal(Literal::Float(0.0)), 0);
        assert_eq!(tables.literal(Literal::Float(-0.0)), 1);
        assert_eq!(tables.literal(Literal::Float(0.0)), 0);
        let import = Import { module: 0, function: 1, arity: 2 };
        assert_eq!(tables.import(import), 0);
        assert_eq!(tables.import(import), 0);
        assert_eq!(tables.imports.len(), 1);
    }
}
