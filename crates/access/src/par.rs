//! Work spread over threads without a thread pool: scoped threads taking
//! jobs by number from a shared counter, each with its own scratch state.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The machine's cores, as the default number of threads.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work(state, job)` for jobs `0..jobs` on up to `threads` threads, each
/// thread with its own `state()`; the results in job order. A panic in a
/// worker is raised again here.
pub fn map_jobs<S, T: Send>(
    jobs: usize,
    threads: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    let threads = threads.clamp(1, jobs.max(1));
    if threads == 1 {
        let mut s = state();
        return (0..jobs).map(|j| work(&mut s, j)).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, T)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut s = state();
                    let mut done = Vec::new();
                    loop {
                        let j = next.fetch_add(1, Ordering::Relaxed);
                        if j >= jobs {
                            break done;
                        }
                        done.push((j, work(&mut s, j)));
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut all: Vec<(usize, T)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(j, _)| *j);
    all.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let out = map_jobs(
                100,
                threads,
                || 0usize,
                |count, j| {
                    *count += 1;
                    j * j
                },
            );
            assert_eq!(out, (0..100).map(|j| j * j).collect::<Vec<_>>(), "{threads} threads");
        }
        assert!(map_jobs(0, 4, || (), |_, j| j).is_empty());
    }
}
