//! `/ask`: from paragraph hits to answers. Every paragraph of every guide
//! is indexed as its own document; the guides whose paragraphs score best
//! are the answers, each quoting its best paragraph.

use std::collections::HashMap;

use serde::Serialize;

use super::rank::Scored;

/// Guides shown for a question.
pub const ANSWERS: usize = 3;

/// Share of a guide's second-best paragraph added to its best: a guide
/// that answers in several places is a little more likely the right one.
pub const SECOND_PARAGRAPH_SHARE: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Answer {
    pub guide: i64,
    /// The paragraph to quote (and link to its section).
    pub paragraph: i64,
    pub score: f64,
}

/// The best `limit` guides for ranked paragraph hits. `guide_of` tells
/// which guide a paragraph belongs to (`None`: not a guide paragraph, skip).
/// Ties go to the lower guide id, like every ranking here.
pub fn best_guides(hits: &[Scored], guide_of: impl Fn(i64) -> Option<i64>, limit: usize) -> Vec<Answer> {
    // guide -> (best hit, second score)
    let mut guides: HashMap<i64, (Scored, f64)> = HashMap::new();
    for hit in hits {
        let Some(guide) = guide_of(hit.id) else { continue };
        match guides.get_mut(&guide) {
            None => {
                guides.insert(guide, (*hit, 0.0));
            }
            Some((best, second)) => {
                let better = hit.score > best.score || (hit.score == best.score && hit.id < best.id);
                if better {
                    *second = best.score;
                    *best = *hit;
                } else if hit.score > *second {
                    *second = hit.score;
                }
            }
        }
    }
    let mut answers: Vec<Answer> = guides
        .into_iter()
        .map(|(guide, (best, second))| Answer {
            guide,
            paragraph: best.id,
            score: best.score + SECOND_PARAGRAPH_SHARE * second,
        })
        .collect();
    answers.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.guide.cmp(&b.guide)));
    answers.truncate(limit);
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guides_by_their_best_paragraph() {
        let hits = [
            Scored { id: 11, score: 5.0 },
            Scored { id: 21, score: 4.0 },
            Scored { id: 12, score: 3.0 },
            Scored { id: 31, score: 4.0 },
            Scored { id: 99, score: 9.0 },
        ];
        let guide_of = |p: i64| (p < 90).then_some(p / 10);
        let answers = best_guides(&hits, guide_of, 2);
        assert_eq!(answers.iter().map(|a| (a.guide, a.paragraph)).collect::<Vec<_>>(), [(1, 11), (2, 21)]);
        assert_eq!(answers[0].score, 5.0 + SECOND_PARAGRAPH_SHARE * 3.0);
        assert!(best_guides(&[], guide_of, 3).is_empty());
    }
}
