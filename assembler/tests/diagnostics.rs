//! One test per diagnostic, each asserting the full rendered text.

use girder_asm::assemble;

/// Assembles `source` as `t.gasm` and renders its errors.
fn errors(source: &str) -> String {
    match assemble(source, "t.gasm") {
        Ok(module) => panic!("expected errors, but it assembled: {module:?}"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

/// Assembles a function body (starting on line 3) inside a module.
fn body_errors(body: &str) -> String {
    errors(&format!(".module m\n.function f/2\n{body}"))
}

#[track_caller]
fn check(actual: String, expected: &str) {
    assert_eq!(actual, expected, "\n--- actual ---\n{actual}\n--- expected ---\n{expected}\n");
}

#[test]
fn unknown_instruction_with_a_suggestion() {
    check(
        body_errors("    mvoe x0, x1\n    return\n"),
        "\
t.gasm:3:5: error: unknown instruction `mvoe`; did you mean `move`?
  3 |     mvoe x0, x1
    |     ^^^^",
    );
}

#[test]
fn unknown_instruction_without_a_suggestion() {
    check(
        body_errors("    frobnicate\n    return\n"),
        "\
t.gasm:3:5: error: unknown instruction `frobnicate`
  3 |     frobnicate
    |     ^^^^^^^^^^",
    );
}

#[test]
fn too_many_operands() {
    check(
        body_errors("    move x0, x1, x2\n    return\n"),
        "\
t.gasm:3:18: error: `move` takes 2 operands (S, D), found 3
  3 |     move x0, x1, x2
    |                  ^^",
    );
}

#[test]
fn too_few_operands() {
    check(
        body_errors("    jump\n    return\n"),
        "\
t.gasm:3:5: error: `jump` takes 1 operand (L), found 0
  3 |     jump
    |     ^^^^",
    );
    check(
        body_errors("    return x0\n"),
        "\
t.gasm:3:12: error: `return` takes no operands, found 1
  3 |     return x0
    |            ^^",
    );
}

#[test]
fn wrong_operand_kind() {
    check(
        body_errors("    move x0, 42\n    return\n"),
        "\
t.gasm:3:14: error: expected a destination register (xN or yN), found `42`
  3 |     move x0, 42
    |              ^^",
    );
}

#[test]
fn wrong_operand_kinds_of_every_sort() {
    let body = "    allocate -1, 0
    move @f, x0
    jump x0
    bif nothing, erlang:self/0, [], x0
    is_tagged_tuple none, x0, 2, 7
    call 2, f
    call_ext 2, f/2
    put_tuple2 x0, ok
    init_yregs [y0, x1]
    get_map_elements none, x0, [a, 1]
    return
";
    check(
        body_errors(body),
        "\
t.gasm:3:14: error: expected an unsigned integer, found `-1`
  3 |     allocate -1, 0
    |              ^^

t.gasm:4:10: error: expected a source (xN, yN or a literal term), found `@f`
  4 |     move @f, x0
    |          ^^

t.gasm:5:10: error: expected a label (@name), found `x0`
  5 |     jump x0
    |          ^^

t.gasm:6:9: error: expected a fail label (@name) or `none`, found `nothing`
  6 |     bif nothing, erlang:self/0, [], x0
    |         ^^^^^^^

t.gasm:7:21: error: expected a label (@name), found `none`
  7 |     is_tagged_tuple none, x0, 2, 7
    |                     ^^^^

t.gasm:7:34: error: expected an atom, found `7`
  7 |     is_tagged_tuple none, x0, 2, 7
    |                                  ^

t.gasm:8:13: error: expected a local function (name/arity), found `f`
  8 |     call 2, f
    |             ^

t.gasm:9:17: error: expected an external function (module:name/arity), found `f/2`
  9 |     call_ext 2, f/2
    |                 ^^^

t.gasm:10:20: error: expected a list of sources ([S, ...]), found `ok`
  10 |     put_tuple2 x0, ok
     |                    ^^

t.gasm:11:21: error: expected a y register (yN), found `x1`
  11 |     init_yregs [y0, x1]
     |                     ^^

t.gasm:12:22: error: expected a label (@name), found `none`
  12 |     get_map_elements none, x0, [a, 1]
     |                      ^^^^

t.gasm:12:36: error: expected a destination register (xN or yN), found `1`
  12 |     get_map_elements none, x0, [a, 1]
     |                                    ^",
    );
}

#[test]
fn register_out_of_range() {
    check(
        body_errors("    move x1024, y5000\n    return\n"),
        "\
t.gasm:3:10: error: register `x1024` is out of range; x registers go from x0 to x1023
  3 |     move x1024, y5000
    |          ^^^^^

t.gasm:3:17: error: register `y5000` is out of range; y registers go from y0 to y1023
  3 |     move x1024, y5000
    |                 ^^^^^",
    );
}

#[test]
fn register_inside_a_literal() {
    check(
        body_errors("    move {x0, 1}, x1\n    return\n"),
        "\
t.gasm:3:11: error: `x0` is a register, which cannot appear inside a literal term; write 'x0' for the atom
  3 |     move {x0, 1}, x1
    |           ^^",
    );
}

#[test]
fn external_fun_arity_too_large() {
    check(
        body_errors("    move fun lists:map/256, x1\n    return\n"),
        "\
t.gasm:3:10: error: a fun's arity is at most 255, but this one has 256
  3 |     move fun lists:map/256, x1
    |          ^^^^^^^^^^^^^^^^^",
    );
}

#[test]
fn line_file_name_of_a_surrogate() {
    check(
        body_errors("    .line 3, \"a\\x{D800}.erl\"\n    return\n"),
        "\
t.gasm:3:14: error: a file name may only hold Unicode characters
  3 |     .line 3, \"a\\x{D800}.erl\"
    |              ^^^^^^^^^^^^^^^",
    );
}

#[test]
fn external_fun_needs_a_module() {
    check(
        body_errors("    move fun map/2, x1\n    return\n"),
        "\
t.gasm:3:14: error: expected `module:name/arity` after `fun`
  3 |     move fun map/2, x1
    |              ^^^^^",
    );
}

#[test]
fn register_where_an_atom_belongs() {
    check(
        body_errors("    is_tagged_tuple @f, x0, 2, x1\nf:  return\n"),
        "\
t.gasm:3:32: error: expected an atom, found the register `x1`; quote it as 'x1' for the atom
  3 |     is_tagged_tuple @f, x0, 2, x1
    |                                ^^",
    );
}

#[test]
fn unsigned_operand_too_large() {
    check(
        body_errors("    test_heap 4294967296, 0\n    return\n"),
        "\
t.gasm:3:15: error: `4294967296` is too large for an unsigned operand (the largest is 4294967295)
  3 |     test_heap 4294967296, 0
    |               ^^^^^^^^^^",
    );
}

#[test]
fn undefined_label() {
    check(
        body_errors("loop:\n    jump @lop\n"),
        "\
t.gasm:4:10: error: undefined label `@lop` in function `f/2`; did you mean `@loop`?
  4 |     jump @lop
    |          ^^^^",
    );
}

#[test]
fn duplicate_label() {
    check(
        body_errors("again:\n    move 1, x0\nagain:\n    return\n"),
        "\
t.gasm:5:1: error: duplicate label `again`: it is already defined on line 3
  5 | again:
    | ^^^^^",
    );
}

#[test]
fn label_used_outside_its_function() {
    check(
        body_errors("    jump @other\n.function g/0\nother:\n    return\n"),
        "\
t.gasm:3:10: error: label `@other` belongs to function `g/0`; a label can only be used in the function that defines it
  3 |     jump @other
    |          ^^^^^^",
    );
}

#[test]
fn label_outside_any_function() {
    check(
        errors(".module m\nstart:\n.function f/0\n    return\n"),
        "\
t.gasm:2:1: error: label `start` is outside any function; start one with `.function name/arity`
  2 | start:
    | ^^^^^",
    );
}

#[test]
fn label_at_the_end_of_a_function() {
    check(
        body_errors("    return\ndone:\n.function g/0\n    return\n"),
        "\
t.gasm:4:1: error: label `done` is not followed by any instruction of its function
  4 | done:
    | ^^^^",
    );
}

#[test]
fn unknown_local_function() {
    check(
        errors(".module m\n.function fib/1\n    call_only 1, fob/1\n"),
        "\
t.gasm:3:18: error: no local function `fob/1` is defined; did you mean `fib/1`?
  3 |     call_only 1, fob/1
    |                  ^^^^^",
    );
    check(
        errors(".module m\n.function fib/1\n    call_only 2, fib/2\n"),
        "\
t.gasm:3:18: error: no local function `fib/2` is defined; did you mean `fib/1`?
  3 |     call_only 2, fib/2
    |                  ^^^^^",
    );
}

#[test]
fn call_arity_mismatch() {
    check(
        errors(".module m\n.function fib/1\n    call_only 2, fib/1\n"),
        "\
t.gasm:3:15: error: arity mismatch: `call_only` passes 2 arguments but `fib/1` takes 1
  3 |     call_only 2, fib/1
    |               ^",
    );
    check(
        body_errors("    call_ext_only 1, lists:reverse/2\n"),
        "\
t.gasm:3:19: error: arity mismatch: `call_ext_only` passes 1 argument but `lists:reverse/2` takes 2
  3 |     call_ext_only 1, lists:reverse/2
    |                   ^",
    );
}

#[test]
fn bif_arity_mismatch() {
    check(
        body_errors("    gc_bif none, 2, erlang:'+'/2, [x0, x1, 3], x0\n    return\n"),
        "\
t.gasm:3:35: error: arity mismatch: `erlang:'+'/2` takes 2 arguments, but this list has 3
  3 |     gc_bif none, 2, erlang:'+'/2, [x0, x1, 3], x0
    |                                   ^^^^^^^^^^^",
    );
}

#[test]
fn not_a_bif() {
    check(
        body_errors("    bif none, erlang:foo/2, [x0, x1], x0\n    return\n"),
        "\
t.gasm:3:15: error: `erlang:foo/2` is not a BIF girder knows
  3 |     bif none, erlang:foo/2, [x0, x1], x0
    |               ^^^^^^^^^^^^",
    );
}

#[test]
fn fun_with_too_many_free_variables() {
    check(
        body_errors("    make_fun g/1, x0, [x0, x1]\n    return\n.function g/1\n    return\n"),
        "\
t.gasm:3:14: error: the fun `g/1` captures 2 free variables but its function takes only 1 argument
  3 |     make_fun g/1, x0, [x0, x1]
    |              ^^^",
    );
}

#[test]
fn odd_pair_list() {
    check(
        body_errors("    select_val x0, @f, [1, @f, 2]\nf:  return\n"),
        "\
t.gasm:3:24: error: expected value/label pairs, but this list has an odd number of elements (3)
  3 |     select_val x0, @f, [1, @f, 2]
    |                        ^^^^^^^^^^",
    );
}

#[test]
fn tail_in_an_operand_list() {
    check(
        body_errors("    put_tuple2 x0, [x0 | x1]\n    return\n"),
        "\
t.gasm:3:26: error: an operand list cannot have a `|` tail
  3 |     put_tuple2 x0, [x0 | x1]
    |                          ^^",
    );
}

#[test]
fn unterminated_string() {
    check(
        body_errors("    move \"abc, x0\n    return\n"),
        "\
t.gasm:3:10: error: unterminated string: missing the closing `\"` on this line
  3 |     move \"abc, x0
    |          ^",
    );
}

#[test]
fn unterminated_quoted_atom() {
    check(
        body_errors("    move 'abc, x0\n    return\n"),
        "\
t.gasm:3:10: error: unterminated quoted atom: missing the closing `'` on this line
  3 |     move 'abc, x0
    |          ^",
    );
}

#[test]
fn bad_escape() {
    check(
        body_errors("    move \"a\\qb\", x0\n    return\n"),
        "\
t.gasm:3:12: error: bad escape `\\q`; known escapes are \\b \\d \\e \\f \\n \\r \\s \\t \\v \\\\ \\' \\\" \\NNN \\xHH \\x{H...} \\^C
  3 |     move \"a\\qb\", x0
    |            ^^",
    );
    check(
        body_errors("    move $\\x4, x0\n    return\n"),
        "\
t.gasm:3:11: error: bad escape: expected two hex digits after `\\x`
  3 |     move $\\x4, x0
    |           ^^",
    );
}

#[test]
fn bad_numbers() {
    check(
        body_errors("    move 16#, x0\n    move 37#1, x0\n    move 1.5e, x0\n    move 12ab, x0\n    return\n"),
        "\
t.gasm:3:10: error: bad number `16#`: expected digits in base 16 after `16#`
  3 |     move 16#, x0
    |          ^^^

t.gasm:4:10: error: bad number `37#1`: the base must be from 2 to 36
  4 |     move 37#1, x0
    |          ^^^^

t.gasm:5:10: error: bad number `1.5e`: expected digits in the exponent
  5 |     move 1.5e, x0
    |          ^^^^

t.gasm:6:10: error: bad number `12ab`
  6 |     move 12ab, x0
    |          ^^^^",
    );
}

#[test]
fn float_out_of_range() {
    check(
        body_errors("    move 1.0e999, x0\n    return\n"),
        "\
t.gasm:3:10: error: bad number `1.0e999`: the float is out of range
  3 |     move 1.0e999, x0
    |          ^^^^^^^",
    );
}

#[test]
fn unbalanced_brackets() {
    check(
        body_errors("    move [1, 2, x0\n    move {1, 2], x0\n    move x0, x1]\n    move #{a => 1, x0\n    return\n"),
        "\
t.gasm:3:10: error: unclosed `[`: expected `,`, `|` or `]` before the end of the line
  3 |     move [1, 2, x0
    |          ^

t.gasm:4:15: error: unbalanced brackets: expected `,` or `}` to close the `{` at column 10, found `]`
  4 |     move {1, 2], x0
    |               ^

t.gasm:5:16: error: unbalanced `]`: there is no open bracket to close
  5 |     move x0, x1]
    |                ^

t.gasm:6:10: error: unclosed `#{`: expected `=>` before the end of the line
  6 |     move #{a => 1, x0
    |          ^^",
    );
}

#[test]
fn bad_binary_segment() {
    check(
        body_errors("    move <<1, 256>>, x0\n    return\n"),
        "\
t.gasm:3:15: error: a binary segment must be a byte (an integer from 0 to 255), a string of such characters, or an integer with its size (`5:3`)
  3 |     move <<1, 256>>, x0
    |               ^^^",
    );
}

#[test]
fn bad_sized_segments() {
    check(
        body_errors(
            "    move <<8:3>>, x0\n    move <<1:0>>, x0\n    move <<\"a\":8>>, x0\n    move <<1:>>, x0\n    return\n",
        ),
        "\
t.gasm:3:12: error: 8 does not fit in 3 bits: the value of `Value:3` must be from 0 to 2^3 - 1
  3 |     move <<8:3>>, x0
    |            ^

t.gasm:4:14: error: a segment's size must be from 1 to 64 bits
  4 |     move <<1:0>>, x0
    |              ^

t.gasm:5:12: error: only an integer can have a size in bits
  5 |     move <<\"a\":8>>, x0
    |            ^^^

t.gasm:6:14: error: expected a size in bits after `:`, found `>>`
  6 |     move <<1:>>, x0
    |              ^^",
    );
}

#[test]
fn not_an_atom() {
    check(
        body_errors("    move Foo, x0\n    return\n"),
        "\
t.gasm:3:10: error: `Foo` is not an atom: unquoted atoms start with a lowercase letter; quote it as 'Foo'
  3 |     move Foo, x0
    |          ^^^",
    );
}

#[test]
fn bad_atoms() {
    let long = "a".repeat(256);
    check(
        body_errors(&format!("    move '', x0\n    move {long}, x0\n    return\n")),
        format!(
            "\
t.gasm:4:10: error: the atom is 256 characters long; at most 255 are allowed
  4 |     move {long}, x0
    |          {}",
            "^".repeat(256)
        )
        .as_str(),
    );
}

#[test]
fn term_nested_too_deeply() {
    let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let rendered = body_errors(&format!("    move {deep}, x0\n    return\n"));
    let first_line = rendered.lines().next().unwrap();
    assert_eq!(first_line, "t.gasm:3:211: error: the term is nested too deeply (more than 200 levels)");
}

#[test]
fn unexpected_token_between_operands() {
    check(
        body_errors("    move x0 x1\n    return\n"),
        "\
t.gasm:3:13: error: expected `,` between operands, found `x1`
  3 |     move x0 x1
    |             ^^",
    );
    check(
        body_errors("    move x0,, x1\n    return\n"),
        "\
t.gasm:3:13: error: expected an operand, found `,`
  3 |     move x0,, x1
    |             ^",
    );
    check(
        body_errors("    move x0,\n    return\n"),
        "\
t.gasm:3:13: error: expected an operand before the end of the line
  3 |     move x0,
    |             ^",
    );
}

#[test]
fn missing_module() {
    check(
        errors("% no module here\n.function f/0\n    return\n"),
        "\
t.gasm:2:1: error: missing `.module` directive: a source starts with `.module name`
  2 | .function f/0
    | ^^^^^^^^^^^^^",
    );
    check(
        errors(""),
        "\
t.gasm:1:1: error: missing `.module` directive: a source starts with `.module name`
  1 | 
    | ^",
    );
}

#[test]
fn module_not_first() {
    check(
        errors(".export f/0\n.module m\n.function f/0\n    return\n"),
        "\
t.gasm:2:1: error: `.module` must be the first directive of the file
  2 | .module m
    | ^^^^^^^^^",
    );
}

#[test]
fn duplicate_module() {
    check(
        errors(".module fib\n.module fob\n.function f/0\n    return\n"),
        "\
t.gasm:2:1: error: duplicate `.module` directive: the module is already named `fib` on line 1
  2 | .module fob
    | ^^^^^^^^^^^",
    );
}

#[test]
fn unknown_directive() {
    check(
        errors(".module m\n.fucntion f/0\n    return\n"),
        "\
t.gasm:2:1: error: unknown directive `.fucntion`; did you mean `.function`?
  2 | .fucntion f/0
    | ^^^^^^^^^

t.gasm:3:5: error: instruction outside a function; start one with `.function name/arity`
  3 |     return
    |     ^^^^^^",
    );
}

#[test]
fn bad_directive_operands() {
    check(
        errors(".module 'M'\n.line -1\n.export f\n.function f/0 extra\n    return\n"),
        "\
t.gasm:2:7: error: expected a line number, found `-`
  2 | .line -1
    |       ^

t.gasm:3:10: error: expected `/` and the arity before the end of the line
  3 | .export f
    |          ^

t.gasm:4:15: error: unexpected `extra` after the directive
  4 | .function f/0 extra
    |               ^^^^^

t.gasm:5:5: error: instruction outside a function; start one with `.function name/arity`
  5 |     return
    |     ^^^^^^",
    );
}

#[test]
fn instruction_outside_a_function() {
    check(
        errors(".module m\n    move 1, x0\n    return\n.function f/0\n    return\n"),
        "\
t.gasm:2:5: error: instruction outside a function; start one with `.function name/arity`
  2 |     move 1, x0
    |     ^^^^",
    );
}

#[test]
fn exporting_an_undefined_function() {
    check(
        errors(".module m\n.export fib/1, fib/2\n.function fib/1\n    return\n"),
        "\
t.gasm:2:16: error: cannot export `fib/2`: no such function is defined; did you mean `fib/1`?
  2 | .export fib/1, fib/2
    |                ^^^^^",
    );
}

#[test]
fn function_defined_twice() {
    check(
        errors(".module m\n.function f/0\n    return\n.function f/0\n    return\n"),
        "\
t.gasm:4:11: error: function `f/0` is already defined on line 2
  4 | .function f/0
    |           ^^^",
    );
}

#[test]
fn empty_function() {
    check(
        errors(".module m\n.function main/0\n.function g/0\n    return\n"),
        "\
t.gasm:2:11: error: function `main/0` is empty; a function needs at least one instruction
  2 | .function main/0
    |           ^^^^^^",
    );
}

#[test]
fn verifier_errors_point_at_the_instruction() {
    check(
        body_errors("    move 1, x0\n    is_atom @f, x0\nf:  move 2, x0\n"),
        "\
t.gasm:5:5: error: execution falls off the end of the function
  5 | f:  move 2, x0
    |     ^^^^^^^^^^",
    );
    check(
        body_errors("    bif none, erlang:'+'/2, [x0, x1], x0\n    return\n"),
        "\
t.gasm:3:5: error: erlang:'+'/2 may collect, so it must be called with gc_bif, not bif
  3 |     bif none, erlang:'+'/2, [x0, x1], x0
    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    );
}

#[test]
fn several_errors_are_all_reported_in_order() {
    let source = "\
.module m
.function f/1
    mvoe x0, x1
    move x0, 42
    jump @nowhere
    return
";
    check(
        errors(source),
        "\
t.gasm:3:5: error: unknown instruction `mvoe`; did you mean `move`?
  3 |     mvoe x0, x1
    |     ^^^^

t.gasm:4:14: error: expected a destination register (xN or yN), found `42`
  4 |     move x0, 42
    |              ^^

t.gasm:5:10: error: undefined label `@nowhere` in function `f/1`
  5 |     jump @nowhere
    |          ^^^^^^^^",
    );
    let diagnostics = assemble(source, "t.gasm").unwrap_err();
    assert_eq!(diagnostics.len(), 3);
    let places: Vec<(usize, usize)> = diagnostics.iter().map(|error| (error.line(), error.column())).collect();
    assert_eq!(places, [(3, 5), (4, 14), (5, 10)]);
    assert_eq!(diagnostics.errors()[0].file(), "t.gasm");
    assert_eq!(diagnostics.errors()[0].source_line(), "    mvoe x0, x1");
}

#[test]
fn a_broken_line_keeps_its_place() {
    // The bad string is reported once; the label after it still resolves, so
    // no follow-on errors are invented.
    check(
        body_errors("    jump @end\n    move \"oops, x0\nend:\n    return\n"),
        "\
t.gasm:4:10: error: unterminated string: missing the closing `\"` on this line
  4 |     move \"oops, x0
    |          ^",
    );
}

#[test]
fn carets_follow_tabs_and_wide_characters() {
    check(
        errors(".module m\n.function f/0\n\tmove \"é\", 42\n"),
        "\
t.gasm:3:12: error: expected a destination register (xN or yN), found `42`
  3 | \tmove \"é\", 42
    | \t          ^^",
    );
}

#[test]
fn binary_segments_must_describe_segments() {
    let refused = |segments: &str, reason: &str| {
        let text = body_errors(&format!("    bs_create_bin none, 0, 2, x0, [{segments}]\n    return\n"));
        assert!(text.contains(reason), "{segments}: expected `{reason}` in\n{text}");
    };
    refused("integer, 1, 1, [], x0", "not six sources per segment");
    refused("int, 1, 1, [], x0, 8", "a segment type is not integer");
    refused("x1, 1, 1, [], x0, 8", "a segment type is not integer");
    refused("integer, -1, 1, [], x0, 8", "a segment number is not a non-negative integer");
    refused("integer, 1, 0, [], x0, 8", "a segment unit is not an integer from 1 to 256");
    refused("integer, 1, 257, [], x0, 8", "a segment unit is not an integer from 1 to 256");
    refused("integer, 1, 1, [bigger], x0, 8", "segment flags are not a literal list");
    refused("integer, 1, 1, x1, x0, 8", "segment flags are not a literal list");
    refused("string, 1, 8, [], x0, 1", "a string segment's value is not a literal binary");
    refused("integer, 1, 1, [], x0, 8.0", "a segment size is not an integer");
    refused("integer, 1, 1, [], x0, some", "a segment size is not an integer");
    refused("integer, 1, 1, [], x0, 8, append, 2, 8, [], x1, all", "an append segment that is not the first");
    let unit = body_errors("    bs_put_integer none, 8, 0, 0, x0\n    return\n");
    assert!(unit.contains("a segment unit of 0; units are 1 to 256"), "{unit}");
    let fine = ".module m\n.function f/2\n    bs_create_bin none, 0, 2, x0, [utf8, 1, 0, [little], x1, undefined]\n    return\n";
    assert!(assemble(fine, "t.gasm").is_ok());
}
