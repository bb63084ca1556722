//! A count per unit and item, as one table: the standings of a province
//! hold two of these for 20,000 units. A map from unit to a vector of its
//! own took a heap block, a header and hash-table room for every unit, and
//! 64 bits a count: 4 MB a table, where this takes 1.6 MB.

use crate::domain::UnitId;

/// Rows of `width` counts, one row per unit, found by the unit's id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct UnitRows {
    /// In ascending order; row `i` is `cells[i * width..][..width]`.
    ids: Vec<UnitId>,
    width: usize,
    cells: Vec<u32>,
}

/// A count as a table cell: no count of a period's records comes near
/// 2³² (a province's year is some 2,440,000 records), and one that did
/// would stop at the largest rather than wrap.
pub(super) fn cell(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl UnitRows {
    /// A row of zeros for each of `ids`.
    pub fn zeroed(mut ids: Vec<UnitId>, width: usize) -> UnitRows {
        ids.sort_unstable();
        ids.dedup();
        ids.shrink_to_fit();
        let cells = vec![0; ids.len() * width];
        UnitRows { ids, width, cells }
    }

    /// No rows yet, each to be `width` counts.
    pub fn empty(width: usize) -> UnitRows {
        UnitRows {
            width,
            ..UnitRows::default()
        }
    }

    /// Adds the unit's row: at the end when its id is past every other,
    /// as when rows are read in id order.
    pub fn push(&mut self, id: UnitId, counts: &[u32]) {
        if self.ids.last().is_some_and(|last| *last >= id) {
            self.add(id, counts);
            return;
        }
        self.ids.push(id);
        let at = self.cells.len();
        self.cells.resize(at + self.width, 0);
        for (a, b) in self.cells[at..].iter_mut().zip(counts) {
            *a = *b;
        }
    }

    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.cells.shrink_to_fit();
    }

    pub fn get(&self, id: UnitId) -> Option<&[u32]> {
        let i = self.ids.binary_search(&id).ok()?;
        Some(&self.cells[i * self.width..(i + 1) * self.width])
    }

    /// The unit's row, a row of zeros made for it if it has none (a move
    /// of every later row: meant for the few units a commit touches).
    pub fn row_mut(&mut self, id: UnitId) -> &mut [u32] {
        let i = match self.ids.binary_search(&id) {
            Ok(i) => i,
            Err(i) => {
                self.ids.insert(i, id);
                let at = i * self.width;
                self.cells
                    .splice(at..at, std::iter::repeat_n(0, self.width));
                i
            }
        };
        &mut self.cells[i * self.width..(i + 1) * self.width]
    }

    /// Adds `counts` to the unit's row.
    pub fn add(&mut self, id: UnitId, counts: &[u32]) {
        for (a, b) in self.row_mut(id).iter_mut().zip(counts) {
            *a = a.saturating_add(*b);
        }
    }

    /// Each unit with its row, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (UnitId, &[u32])> {
        self.ids
            .iter()
            .copied()
            .zip(self.cells.chunks(self.width.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_by_id_whatever_order_the_ids_came_in() {
        let mut rows = UnitRows::zeroed(vec![UnitId(9), UnitId(3), UnitId(9)], 2);
        rows.add(UnitId(9), &[1, 2]);
        rows.add(UnitId(3), &[3, 4]);
        rows.add(UnitId(9), &[10, 20]);
        assert_eq!(rows.get(UnitId(3)), Some(&[3, 4][..]));
        assert_eq!(rows.get(UnitId(9)), Some(&[11, 22][..]));
        assert_eq!(rows.get(UnitId(5)), None);
        let ids: Vec<u64> = rows.iter().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [3, 9]);
    }

    #[test]
    fn a_new_unit_gets_a_row_between_the_others() {
        let mut rows = UnitRows::zeroed(vec![UnitId(7), UnitId(1)], 3);
        rows.add(UnitId(7), &[1, 1, 1]);
        rows.add(UnitId(4), &[5, 0, 2]);
        assert_eq!(rows.get(UnitId(1)), Some(&[0, 0, 0][..]));
        assert_eq!(rows.get(UnitId(4)), Some(&[5, 0, 2][..]));
        assert_eq!(rows.get(UnitId(7)), Some(&[1, 1, 1][..]));
        rows.row_mut(UnitId(4))[1] = 9;
        assert_eq!(rows.get(UnitId(4)), Some(&[5, 9, 2][..]));
    }

    #[test]
    fn rows_pushed_in_id_order_go_at_the_end_and_others_in_their_place() {
        let mut rows = UnitRows::empty(2);
        rows.push(UnitId(2), &[1, 2]);
        rows.push(UnitId(5), &[3, 4]);
        rows.push(UnitId(3), &[5, 6]);
        rows.push(UnitId(5), &[1, 1]);
        rows.shrink_to_fit();
        let all: Vec<(u64, Vec<u32>)> = rows.iter().map(|(id, r)| (id.0, r.to_vec())).collect();
        assert_eq!(all, [(2, vec![1, 2]), (3, vec![5, 6]), (5, vec![4, 5])]);
    }

    #[test]
    fn a_count_past_the_cell_stops_at_the_largest() {
        assert_eq!(cell(7), 7);
        assert_eq!(cell(u64::MAX), u32::MAX);
        let mut rows = UnitRows::zeroed(vec![UnitId(1)], 1);
        rows.add(UnitId(1), &[u32::MAX - 1]);
        rows.add(UnitId(1), &[5]);
        assert_eq!(rows.get(UnitId(1)), Some(&[u32::MAX][..]));
    }
}
