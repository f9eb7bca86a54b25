//! The process limit (`--max-processes`, like `erl +P`): a spawn past it
//! raises `system_limit` and the VM carries on.

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::run::{run_entry, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};

#[test]
fn spawning_past_the_process_limit_raises_system_limit() {
    const LIMITED: &str = r#"
.module limited
.export main/1, idle/0

% main(_): spawns until spawn raises, then prints the reason and the count.
.function main/1
    allocate 1, 0
    move 0, y0
loop:
    try y0, @caught
    move limited, x0
    move idle, x1
    move [], x2
    call_ext 3, erlang:spawn/3
    try_end y0
    jump @loop
caught:
    try_case y0
    test_heap 3, 2
    put_tuple2 y0, [x0, x1]
    call_ext 0, erlang:processes/0
    gc_bif none, 1, erlang:length/1, [x0], x1
    test_heap 5, 2
    put_tuple2 x0, [y0, x1]
    put_list x0, [], x1
    move "~p~n", x0
    call_ext_last 2, io:format/2, 1

.function idle/0
forever:
    wait_timeout @forever, infinity
    timeout
    move ok, x0
    return
"#;
    let module = girder_asm::assemble(LIMITED, "limited.gasm").expect("assembles");
    let output = Captured::default();
    let config = Config { gc_stress: false, reductions: 4000, max_processes: 100, schedulers: 1, max_heap_words: 0 };
    let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
    vm.code.load(module).expect("loads");
    let ending = run_entry(&vm, Atom::intern("limited").unwrap(), Atom::intern("main").unwrap(), &[], true).unwrap();
    assert_eq!(ending, Ending::Normal);
    assert_eq!(output.text(), "{{error,system_limit},100}\n");
}

#[test]
fn a_process_past_its_heap_limit_is_killed_and_the_others_carry_on() {
    const RUNAWAY: &str = r#"
.module runaway
.export main/1, deep/1, grow/1

% main(_): starts two runaway processes, monitors them, and prints their ends.
.function main/1
    allocate 0, 0
    move runaway, x0
    move deep, x1
    move [0], x2
    call_ext 3, erlang:spawn_monitor/3
    move runaway, x0
    move grow, x1
    move [[]], x2
    call_ext 3, erlang:spawn_monitor/3
    call 0, down/0
    call_last 0, down/0, 0

% down(): prints the reason of one 'DOWN' message.
.function down/0
    allocate 0, 0
wait_down:
    loop_rec @sleep, x0
    remove_message
    get_tuple_element x0, 4, x0
    test_heap 2, 1
    put_list x0, [], x1
    move "down: ~p~n", x0
    call_ext_last 2, io:format/2, 0
sleep:
    wait @wait_down

% deep(N) -> 1 + deep(N + 1): the stack grows without end.
.function deep/1
    allocate 0, 1
    gc_bif none, 1, erlang:'+'/2, [x0, 1], x0
    call 1, deep/1
    gc_bif none, 1, erlang:'+'/2, [x0, 1], x0
    deallocate 0
    return

% grow(L) -> grow([L | L]), with no test_heap at all.
.function grow/1
    put_list x0, x0, x0
    call_only 1, grow/1
"#;
    let module = girder_asm::assemble(RUNAWAY, "runaway.gasm").expect("assembles");
    let output = Captured::default();
    let config =
        Config { gc_stress: false, reductions: 4000, max_processes: 100, schedulers: 2, max_heap_words: 100_000 };
    let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
    vm.code.load(module).expect("loads");
    let ending = run_entry(&vm, Atom::intern("runaway").unwrap(), Atom::intern("main").unwrap(), &[], true).unwrap();
    assert_eq!(ending, Ending::Normal);
    assert_eq!(output.text(), "down: killed\ndown: killed\n");
}
