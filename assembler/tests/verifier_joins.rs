//! The verifier accepts what Erlang's compiler emits where paths with
//! different frames meet, and still refuses what touches the frame there.

fn verify(text: &str) -> Result<(), String> {
    let module = girder_asm::assemble(text, "m.gasm").map_err(|diagnostics| diagnostics.to_string())?;
    girder_loader::verify(&module).map_err(|error| error.to_string())
}

/// After `trim`, a path with a smaller frame joins one with the whole frame
/// at code that only raises, as erlc emits it.
const JOIN_TO_RAISE: &str = "\
.module m
.export f/1
.function f/1
    allocate 2, 1
    move x0, y0
    move x0, y1
    is_atom @fail, x0
    trim 1, 1
    is_nil @fail, x0
    deallocate 1
    return
fail:
    badmatch x0
";

#[test]
fn paths_with_different_frames_may_meet_where_they_only_raise() {
    verify(JOIN_TO_RAISE).unwrap();
}

#[test]
fn where_frames_differ_no_y_register_is_read_and_no_frame_is_used() {
    let error = verify(&JOIN_TO_RAISE.replace("    badmatch x0", "    badmatch y0")).unwrap_err();
    assert!(error.contains("a frame that differs between the paths that meet"), "{error}");
    let error = verify(&JOIN_TO_RAISE.replace("    badmatch x0", "    deallocate 1\n    return")).unwrap_err();
    assert!(error.contains("a frame that differs between the paths that meet"), "{error}");
}
