//! "Did you mean ...?" suggestions for misspelt names.

/// The candidate closest to `wrong`, when one is close enough to be a likely typo.
///
/// Closeness is the optimal-string-alignment distance (insertions, deletions,
/// substitutions and swaps of neighbours each cost one); a candidate is
/// suggested when the distance is at most a third of the longer name (and at
/// least one edit is allowed). Ties go to the earliest candidate.
pub(crate) fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong: Vec<char> = wrong.chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let chars: Vec<char> = candidate.chars().collect();
        let limit = (wrong.len().max(chars.len()) / 3).max(1);
        let distance = edit_distance(&wrong, &chars);
        let better = match best {
            Some((best_distance, _)) => distance < best_distance,
            None => true,
        };
        if distance <= limit && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The optimal-string-alignment distance between two strings.
fn edit_distance(left: &[char], right: &[char]) -> usize {
    // Names are short (the longest is a few dozen characters) and the input is
    // bounded by the caller's line, so the full table is cheap.
    let width = right.len() + 1;
    let mut table = vec![0usize; (left.len() + 1) * width];
    for (i, cell) in table.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in table.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=left.len() {
        for j in 1..=right.len() {
            let cost = usize::from(left[i - 1] != right[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[left.len() * width + right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["move", "return", "call", "call_last"];
        assert_eq!(closest("mvoe", names), Some("move"));
        assert_eq!(closest("retrun", names), Some("return"));
        assert_eq!(closest("cal", names), Some("call"));
        assert_eq!(closest("zzzz", names), None);
    }
}
