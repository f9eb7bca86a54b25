//! The generic instructions of BEAM files: number, name and operand count.
//!
//! A BEAM file's code is a stream of generic instructions, each an opcode
//! byte followed by as many compact-encoded operands as the opcode takes.
//! The opcode numbers, names and operand counts are Erlang/OTP's own
//! (`lib/compiler/src/genop.tab`), as far as OTP 25 defines them; like
//! girder's own opcode numbers they are an ABI, appended to and never
//! reused. Retired opcodes stay listed, so that a file compiled by an old
//! compiler gets an error that names what it uses.

/// One generic BEAM instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Genop {
    /// The opcode byte.
    pub number: u8,
    /// The name, as `erlc -S` prints it.
    pub name: &'static str,
    /// The number of operands that follow the opcode.
    pub arity: u8,
    /// Whether OTP no longer emits or loads it (a file that uses it needs recompiling).
    pub retired: bool,
}

/// The highest opcode OTP 25 emits (`badrecord/1`).
pub const MAX_OPCODE: u8 = 180;

/// The generic instruction with this opcode byte, if OTP 25 defines one.
pub fn genop(number: u8) -> Option<&'static Genop> {
    GENOPS.get(usize::from(number).checked_sub(1)?)
}

const fn op(number: u8, name: &'static str, arity: u8) -> Genop {
    Genop { number, name, arity, retired: false }
}

const fn retired(number: u8, name: &'static str, arity: u8) -> Genop {
    Genop { number, name, arity, retired: true }
}

/// Every generic instruction, in opcode order from 1.
pub const GENOPS: [Genop; MAX_OPCODE as usize] = [
    op(1, "label", 1),
    op(2, "func_info", 3),
    op(3, "int_code_end", 0),
    op(4, "call", 2),
    op(5, "call_last", 3),
    op(6, "call_only", 2),
    op(7, "call_ext", 2),
    op(8, "call_ext_last", 3),
    op(9, "bif0", 2),
    op(10, "bif1", 4),
    op(11, "bif2", 5),
    op(12, "allocate", 2),
    op(13, "allocate_heap", 3),
    op(14, "allocate_zero", 2),
    op(15, "allocate_heap_zero", 3),
    op(16, "test_heap", 2),
    op(17, "init", 1),
    op(18, "deallocate", 1),
    op(19, "return", 0),
    op(20, "send", 0),
    op(21, "remove_message", 0),
    op(22, "timeout", 0),
    op(23, "loop_rec", 2),
    op(24, "loop_rec_end", 1),
    op(25, "wait", 1),
    op(26, "wait_timeout", 2),
    retired(27, "m_plus", 4),
    retired(28, "m_minus", 4),
    retired(29, "m_times", 4),
    retired(30, "m_div", 4),
    retired(31, "int_div", 4),
    retired(32, "int_rem", 4),
    retired(33, "int_band", 4),
    retired(34, "int_bor", 4),
    retired(35, "int_bxor", 4),
    retired(36, "int_bsl", 4),
    retired(37, "int_bsr", 4),
    retired(38, "int_bnot", 3),
    op(39, "is_lt", 3),
    op(40, "is_ge", 3),
    op(41, "is_eq", 3),
    op(42, "is_ne", 3),
    op(43, "is_eq_exact", 3),
    op(44, "is_ne_exact", 3),
    op(45, "is_integer", 2),
    op(46, "is_float", 2),
    op(47, "is_number", 2),
    op(48, "is_atom", 2),
    op(49, "is_pid", 2),
    op(50, "is_reference", 2),
    op(51, "is_port", 2),
    op(52, "is_nil", 2),
    op(53, "is_binary", 2),
    retired(54, "is_constant", 2),
    op(55, "is_list", 2),
    op(56, "is_nonempty_list", 2),
    op(57, "is_tuple", 2),
    op(58, "test_arity", 3),
    op(59, "select_val", 3),
    op(60, "select_tuple_arity", 3),
    op(61, "jump", 1),
    op(62, "catch", 2),
    op(63, "catch_end", 1),
    op(64, "move", 2),
    op(65, "get_list", 3),
    op(66, "get_tuple_element", 3),
    op(67, "set_tuple_element", 3),
    retired(68, "put_string", 3),
    op(69, "put_list", 3),
    op(70, "put_tuple", 2),
    op(71, "put", 1),
    op(72, "badmatch", 1),
    op(73, "if_end", 0),
    op(74, "case_end", 1),
    op(75, "call_fun", 1),
    retired(76, "make_fun", 3),
    op(77, "is_function", 2),
    op(78, "call_ext_only", 2),
    retired(79, "bs_start_match", 2),
    retired(80, "bs_get_integer", 5),
    retired(81, "bs_get_float", 5),
    retired(82, "bs_get_binary", 5),
    retired(83, "bs_skip_bits", 4),
    retired(84, "bs_test_tail", 2),
    retired(85, "bs_save", 1),
    retired(86, "bs_restore", 1),
    retired(87, "bs_init", 2),
    retired(88, "bs_final", 2),
    op(89, "bs_put_integer", 5),
    op(90, "bs_put_binary", 5),
    op(91, "bs_put_float", 5),
    op(92, "bs_put_string", 2),
    retired(93, "bs_need_buf", 1),
    op(94, "fclearerror", 0),
    op(95, "fcheckerror", 1),
    op(96, "fmove", 2),
    op(97, "fconv", 2),
    op(98, "fadd", 4),
    op(99, "fsub", 4),
    op(100, "fmul", 4),
    op(101, "fdiv", 4),
    op(102, "fnegate", 3),
    op(103, "make_fun2", 1),
    op(104, "try", 2),
    op(105, "try_end", 1),
    op(106, "try_case", 1),
    op(107, "try_case_end", 1),
    op(108, "raise", 2),
    op(109, "bs_init2", 6),
    retired(110, "bs_bits_to_bytes", 3),
    op(111, "bs_add", 5),
    op(112, "apply", 1),
    op(113, "apply_last", 2),
    op(114, "is_boolean", 2),
    op(115, "is_function2", 3),
    op(116, "bs_start_match2", 5),
    op(117, "bs_get_integer2", 7),
    op(118, "bs_get_float2", 7),
    op(119, "bs_get_binary2", 7),
    op(120, "bs_skip_bits2", 5),
    op(121, "bs_test_tail2", 3),
    op(122, "bs_save2", 2),
    op(123, "bs_restore2", 2),
    op(124, "gc_bif1", 5),
    op(125, "gc_bif2", 6),
    retired(126, "bs_final2", 2),
    retired(127, "bs_bits_to_bytes2", 2),
    retired(128, "put_literal", 2),
    op(129, "is_bitstr", 2),
    op(130, "bs_context_to_binary", 1),
    op(131, "bs_test_unit", 3),
    op(132, "bs_match_string", 4),
    op(133, "bs_init_writable", 0),
    op(134, "bs_append", 8),
    op(135, "bs_private_append", 6),
    op(136, "trim", 2),
    op(137, "bs_init_bits", 6),
    op(138, "bs_get_utf8", 5),
    op(139, "bs_skip_utf8", 4),
    op(140, "bs_get_utf16", 5),
    op(141, "bs_skip_utf16", 4),
    op(142, "bs_get_utf32", 5),
    op(143, "bs_skip_utf32", 4),
    op(144, "bs_utf8_size", 3),
    op(145, "bs_put_utf8", 3),
    op(146, "bs_utf16_size", 3),
    op(147, "bs_put_utf16", 3),
    op(148, "bs_put_utf32", 3),
    op(149, "on_load", 0),
    op(150, "recv_mark", 1),
    op(151, "recv_set", 1),
    op(152, "gc_bif3", 7),
    op(153, "line", 1),
    op(154, "put_map_assoc", 5),
    op(155, "put_map_exact", 5),
    op(156, "is_map", 2),
    op(157, "has_map_fields", 3),
    op(158, "get_map_elements", 3),
    op(159, "is_tagged_tuple", 4),
    op(160, "build_stacktrace", 0),
    op(161, "raw_raise", 0),
    op(162, "get_hd", 2),
    op(163, "get_tl", 2),
    op(164, "put_tuple2", 2),
    op(165, "bs_get_tail", 3),
    op(166, "bs_start_match3", 4),
    op(167, "bs_get_position", 3),
    op(168, "bs_set_position", 2),
    op(169, "swap", 2),
    op(170, "bs_start_match4", 4),
    op(171, "make_fun3", 3),
    op(172, "init_yregs", 1),
    op(173, "recv_marker_bind", 2),
    op(174, "recv_marker_clear", 1),
    op(175, "recv_marker_reserve", 1),
    op(176, "recv_marker_use", 1),
    op(177, "bs_create_bin", 6),
    op(178, "call_fun2", 3),
    op(179, "nif_start", 0),
    op(180, "badrecord", 1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opcodes_are_numbered_from_one_in_order() {
        for (index, genop) in GENOPS.iter().enumerate() {
            assert_eq!(usize::from(genop.number), index + 1, "{}", genop.name);
        }
        assert_eq!(genop(0), None);
        assert_eq!(genop(MAX_OPCODE).map(|genop| genop.name), Some("badrecord"));
        assert_eq!(genop(MAX_OPCODE + 1), None);
        assert!(genop(27).is_some_and(|genop| genop.retired && genop.name == "m_plus"));
    }
}
