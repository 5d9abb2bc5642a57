//! Fitting text into a box: wrap at spaces, shrink, and as a last resort cut with "…".
//! Pure: the caller passes how wide a string is at a size.

/// Distance between baselines, in ems: DejaVu's ascent + descent, so lines never touch.
pub(crate) const LINE_PITCH_EM: f32 = 1.17;
pub(crate) const SHRINK_STEP_PT: f32 = 0.5;
const ELLIPSIS: char = '…';

/// What to fit and where.
pub(crate) struct Fit {
    pub width_pt: f32,
    pub height_pt: f32,
    pub size_pt: f32,
    pub min_size_pt: f32,
    pub max_lines: usize,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Fitted {
    pub size_pt: f32,
    pub lines: Vec<String>,
}

/// Largest size (in half points, from `size_pt` down to `min_size_pt`) at which `text`
/// wraps into the box; at the smallest size, the lines that fit with the last one cut.
pub(crate) fn fit_text(text: &str, fit: &Fit, width_at: impl Fn(&str, f32) -> f32) -> Fitted {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Most fields fit on one line at their full size: one measurement.
    if lines_that_fit(fit.height_pt, fit.size_pt).min(fit.max_lines) > 0 && width_at(&text, fit.size_pt) <= fit.width_pt
    {
        return Fitted {
            size_pt: fit.size_pt,
            lines: if text.is_empty() { vec![] } else { vec![text] },
        };
    }
    let mut size = fit.size_pt;
    loop {
        let room = lines_that_fit(fit.height_pt, size).min(fit.max_lines);
        let lines = wrap(&text, fit.width_pt, |s| width_at(s, size));
        let smallest = size - SHRINK_STEP_PT < fit.min_size_pt;
        if room > 0 && lines.len() <= room {
            return Fitted { size_pt: size, lines };
        }
        if smallest {
            return Fitted {
                size_pt: size,
                lines: cut(lines, room.max(1), fit.width_pt, |s| width_at(s, size)),
            };
        }
        size -= SHRINK_STEP_PT;
    }
}

pub(crate) fn lines_that_fit(height_pt: f32, size_pt: f32) -> usize {
    // The last line needs only its ascent and descent, not a whole pitch.
    let first = size_pt * LINE_PITCH_EM;
    if height_pt < first {
        return 0;
    }
    1usize.saturating_add(((height_pt - first) / (size_pt * LINE_PITCH_EM)) as usize)
}

/// Greedy wrap at spaces; a word wider than the box is broken between characters.
fn wrap(text: &str, width_pt: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate) <= width_pt {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if width(&line) > width_pt && line.chars().count() > 1 {
                line.pop();
                // Codes like SKUs read best broken after a hyphen or slash.
                let cut = match line.rfind(['-', '/']) {
                    Some(at) if at + 1 < line.len() => at + 1,
                    _ => line.len(),
                };
                let mut next = line.split_off(cut);
                next.push(c);
                lines.push(std::mem::replace(&mut line, next));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The first `room` lines; if any were dropped, the last kept line ends with "…".
fn cut(mut lines: Vec<String>, room: usize, width_pt: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let dropped = lines.len() > room;
    lines.truncate(room);
    let Some(last) = lines.last_mut() else {
        return lines;
    };
    if !dropped && width(last) <= width_pt {
        return lines;
    }
    loop {
        let with_ellipsis = format!("{}{ELLIPSIS}", last.trim_end());
        if width(&with_ellipsis) <= width_pt || last.is_empty() {
            *last = with_ellipsis;
            return lines;
        }
        last.pop();
    }
}

/// Boxes of the given widths laid left to right, starting a new row when the next box
/// would pass `row_width`; each row lists its boxes' indices. A box wider than the row
/// gets a row of its own.
pub(crate) fn pack_rows(widths: &[f32], row_width: f32, gap: f32) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = 0.0;
    for (i, &width) in widths.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if used + gap + width <= row_width + 0.05 => {
                row.push(i);
                used += gap + width;
            }
            _ => {
                rows.push(vec![i]);
                used = width;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is half an em wide.
    fn mono(s: &str, size: f32) -> f32 {
        s.chars().count() as f32 * size * 0.5
    }

    fn fit(width_pt: f32, height_pt: f32, max_lines: usize) -> Fit {
        Fit {
            width_pt,
            height_pt,
            size_pt: 10.0,
            min_size_pt: 8.0,
            max_lines,
        }
    }

    #[test]
    fn short_text_keeps_its_size_on_one_line() {
        let f = fit_text("RESTOCK", &fit(100.0, 20.0, 1), mono);
        assert_eq!(
            f,
            Fitted {
                size_pt: 10.0,
                lines: vec!["RESTOCK".into()]
            }
        );
    }

    #[test]
    fn text_shrinks_before_it_is_cut() {
        // 20 characters: 100 pt at 10 pt, 90 pt at 9 pt.
        let f = fit_text("ABCDEFGHIJKLMNOPQRST", &fit(90.0, 20.0, 1), mono);
        assert_eq!(f.size_pt, 9.0);
        assert_eq!(f.lines, vec!["ABCDEFGHIJKLMNOPQRST"]);
    }

    #[test]
    fn long_text_wraps_then_is_cut_with_an_ellipsis() {
        let text = "Chaussures de randonnée, Été, taille 42, couleur bleu nuit, semelle Vibram";
        let f = fit_text(text, &fit(80.0, 30.0, 3), mono);
        assert_eq!(f.size_pt, 8.0);
        assert_eq!(f.lines.len(), 3);
        assert!(f.lines[2].ends_with('…'), "{:?}", f.lines);
        assert!(f.lines.iter().all(|l| mono(l, 8.0) <= 80.0), "{:?}", f.lines);
        assert!(f.lines[0].starts_with("Chaussures de"));
    }

    #[test]
    fn a_word_wider_than_the_box_is_broken() {
        let lines = wrap("ABCDEFGHIJ", 25.0, |s| mono(s, 10.0));
        assert_eq!(lines, vec!["ABCDE", "FGHIJ"]);
        let lines = wrap("TRK-4412-BLU-42", 50.0, |s| mono(s, 10.0));
        assert_eq!(lines, vec!["TRK-4412-", "BLU-42"]);
    }

    #[test]
    fn boxes_pack_into_rows_in_order() {
        assert_eq!(pack_rows(&[30.0, 30.0, 30.0], 100.0, 2.0), vec![vec![0, 1, 2]]);
        assert_eq!(
            pack_rows(&[40.0, 40.0, 30.0, 10.0], 100.0, 2.0),
            vec![vec![0, 1], vec![2, 3]]
        );
        assert_eq!(pack_rows(&[150.0, 10.0], 100.0, 2.0), vec![vec![0], vec![1]]);
        assert!(pack_rows(&[], 100.0, 2.0).is_empty());
    }

    #[test]
    fn line_count_follows_the_box_height() {
        assert_eq!(lines_that_fit(11.0, 10.0), 0);
        assert_eq!(lines_that_fit(11.7, 10.0), 1);
        assert_eq!(lines_that_fit(23.4, 10.0), 2);
    }

    #[test]
    fn empty_text_gives_no_lines() {
        assert!(fit_text("  ", &fit(80.0, 30.0, 3), mono).lines.is_empty());
    }
}
