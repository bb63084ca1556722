//! A small seeded generator (SplitMix64). Synthetic data must come out the
//! same on every machine and every version of every crate, which an external
//! RNG crate does not promise across releases.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one purpose, independent of the others: adding a new
    /// record kind must not change the units an older seed produced.
    pub fn derived(seed: u64, purpose: &str) -> Rng {
        // FNV-1a over the purpose, mixed with the seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in purpose.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `n` of 0 gives 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The modulo bias is below 2^-40 for the sizes used here.
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index chosen with the given weights; all-zero weights give 0.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        if total == 0 {
            return 0;
        }
        let mut x = self.next_u64() % total;
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// What `weighted` answers for the same weights and stream, by a
    /// binary search of sums made once: a choice among a province's 20,000
    /// units walked the list twice per record.
    pub fn weighted_by(&mut self, weights: &Weights) -> usize {
        let Some(&total) = weights.running.last().filter(|t| **t > 0) else {
            return 0;
        };
        let x = self.next_u64() % total;
        weights
            .running
            .partition_point(|sum| *sum <= x)
            .min(weights.running.len() - 1)
    }
}

/// Weights with their running sums, for `Rng::weighted_by`.
pub struct Weights {
    running: Vec<u64>,
}

impl Weights {
    pub fn new(weights: &[u32]) -> Weights {
        let mut sum = 0u64;
        Weights {
            running: weights
                .iter()
                .map(|w| {
                    sum += u64::from(*w);
                    sum
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r = Rng::new(7);
        let mut s = Rng::new(8);
        assert_ne!(r.next_u64(), s.next_u64());
    }

    #[test]
    fn derived_streams_differ_by_purpose() {
        assert_ne!(
            Rng::derived(1, "units").next_u64(),
            Rng::derived(1, "elders").next_u64()
        );
    }

    #[test]
    fn bounded_and_weighted() {
        let mut r = Rng::new(3);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
            assert_ne!(r.weighted(&[0, 5, 0, 1]), 0);
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.weighted(&[0, 0]), 0);
    }

    /// The search picks what the walk picks, draw for draw, zero weights
    /// and all.
    #[test]
    fn weighted_by_sums_picks_as_weighted() {
        let mut make = Rng::new(5);
        for len in [1usize, 2, 7, 300] {
            let weights: Vec<u32> = (0..len).map(|_| [0, 0, 1, 3, 10][make.below(5)]).collect();
            let sums = Weights::new(&weights);
            let (mut a, mut b) = (Rng::new(len as u64), Rng::new(len as u64));
            for _ in 0..2_000 {
                assert_eq!(a.weighted(&weights), b.weighted_by(&sums));
            }
        }
        let mut r = Rng::new(1);
        assert_eq!(r.weighted_by(&Weights::new(&[0, 0])), 0);
        assert_eq!(r.weighted_by(&Weights::new(&[])), 0);
    }
}
