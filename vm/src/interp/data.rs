//! Handlers that build or take apart data: tuples, maps, funs.

use super::read;
use crate::code::LoadedModule;
use crate::exception::Exception;
use crate::memory::heap::Heap;
use crate::memory::literal_area::is_literal;
use crate::process::Process;
use crate::term::{atoms, build, map, Atom, BoxKind, Term};
use girder_loader::{KeyDsts, KeyVals, Srcs};

/// `{Tag, Value}`, the shape of most error reasons.
pub(crate) fn tagged(process: &mut Process, tag: Atom, value: Term) -> Term {
    build::tuple(&mut process.heap, &[Term::atom(tag), value])
}

/// `put_tuple2`: a tuple of the listed sources.
pub(crate) fn put_tuple(x: &[Term], process: &mut Process, module: &LoadedModule, list: Srcs) -> Term {
    let sources = module.module.srcs(list);
    let n_elements = sources.len();
    let words = process.heap.alloc(n_elements + 1);
    // SAFETY: `alloc` returned n_elements + 1 uninitialised words owned by
    // this heap; every one is written before the tuple term is made.
    unsafe {
        words.write(Term::header(BoxKind::Tuple, n_elements));
        for (offset, &source) in sources.iter().enumerate() {
            words.add(1 + offset).write(read(x, process, module, source));
        }
    }
    Term::boxed_ptr(words)
}

/// `set_tuple_element`: overwrites an element of a tuple the code just built.
pub(crate) fn set_tuple_element(heap: &Heap, tuple: Term, index: u32, value: Term) -> Result<(), Exception> {
    let in_range = tuple.as_tuple().is_some_and(|elements| (index as usize) < elements.len());
    if !in_range || is_literal(tuple.ptr()) || heap.in_persistent_area(tuple.ptr()) {
        return Err(Exception::badarg());
    }
    // SAFETY: the tuple is on this process's heap (not a literal nor in a
    // persistent area, which other processes share; checked above) and
    // has more than `index` elements, so the word is inside it.
    unsafe { tuple.ptr().add(1 + index as usize).write(value) };
    Ok(())
}

/// `put_map_assoc` (`exact == false`) and `put_map_exact` (`exact == true`).
pub(crate) fn put_map(
    x: &[Term],
    process: &mut Process,
    module: &LoadedModule,
    map_term: Term,
    list: KeyVals,
    exact: bool,
) -> Result<Term, Exception> {
    if !map_term.is_box_of(BoxKind::Map) {
        return Err(Exception::error(tagged(process, atoms::BADMAP, map_term)));
    }
    let pairs: Vec<(Term, Term)> = module
        .module
        .key_vals(list)
        .iter()
        .map(|&(key, value)| (read(x, process, module, key), read(x, process, module, value)))
        .collect();
    if exact {
        map::map_update_existing(&mut process.heap, map_term, &pairs)
            .map_err(|key| Exception::error(tagged(process, atoms::BADKEY, key)))
    } else {
        Ok(map::map_put_many(&mut process.heap, map_term, &pairs))
    }
}

/// `get_map_elements`: false when a key is missing (or it is not a map).
pub(crate) fn get_map_elements(
    x: &mut [Term],
    process: &mut Process,
    module: &LoadedModule,
    map_term: Term,
    list: KeyDsts,
) -> bool {
    if !map_term.is_box_of(BoxKind::Map) {
        return false;
    }
    let pairs = module.module.key_dsts(list);
    let mut values = Vec::with_capacity(pairs.len());
    for &(key, _) in pairs {
        match map::map_get(map_term, read(x, process, module, key)) {
            Some(value) => values.push(value),
            None => return false,
        }
    }
    for (&(_, dst), value) in pairs.iter().zip(values) {
        super::write(x, process, dst, value);
    }
    true
}

/// `make_fun`: a fun of fun-table entry `lambda` capturing the listed sources.
pub(crate) fn make_fun(x: &[Term], process: &mut Process, module: &LoadedModule, lambda: u32, list: Srcs) -> Term {
    let sources = module.module.srcs(list);
    // Most funs capture a few variables: those are gathered without an
    // allocation.
    let mut few = [Term::NIL; 8];
    if let Some(free) = few.get_mut(..sources.len()) {
        for (slot, &source) in free.iter_mut().zip(sources) {
            *slot = read(x, process, module, source);
        }
        return build::fun(&mut process.heap, module.index, lambda, module.name, free);
    }
    let free: Vec<Term> = sources.iter().map(|&source| read(x, process, module, source)).collect();
    build::fun(&mut process.heap, module.index, lambda, module.name, &free)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::persistent::PersistentTable;

    #[test]
    fn set_tuple_element_writes_only_the_process_own_tuples() {
        let mut heap = Heap::new(64);
        let own = build::tuple(&mut heap, &[Term::NIL, Term::NIL]);
        assert!(set_tuple_element(&heap, own, 1, Term::small_unchecked(5)).is_ok());
        assert_eq!(own.as_tuple().unwrap()[1], Term::small_unchecked(5));
        let table = PersistentTable::default();
        table.put(Term::NIL, own);
        let shared = table.get(Term::NIL, &mut heap).unwrap();
        assert!(set_tuple_element(&heap, shared, 0, Term::small_unchecked(1)).is_err(), "a persistent term is shared");
        assert!(set_tuple_element(&heap, own, 2, Term::NIL).is_err(), "out of range");
        assert_eq!(shared.as_tuple().unwrap()[0], Term::NIL);
    }
}
