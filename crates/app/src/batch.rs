//! Group commit: requests that arrive while one batch is being written wait, and are
//! written together as the next batch, by whichever of them takes the lead first.

use crate::error::AppError;
use std::future::Future;

pub struct Batcher<R, A> {
    queue: std::sync::Mutex<Vec<(R, tokio::sync::oneshot::Sender<A>)>>,
    leader: tokio::sync::Mutex<()>,
}

impl<R, A> Default for Batcher<R, A> {
    fn default() -> Self {
        Batcher { queue: Default::default(), leader: Default::default() }
    }
}

impl<R, A> Batcher<R, A> {
    /// Queues `request`; the leader runs everything queued, in order, with `run`, which must
    /// give one answer per request.
    pub async fn submit<F, Fut>(&self, request: R, run: F) -> Result<A, AppError>
    where
        F: FnOnce(Vec<R>) -> Fut,
        Fut: Future<Output = Vec<A>>,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.queue.lock().unwrap_or_else(|p| p.into_inner()).push((request, tx));
        let guard = self.leader.lock().await;
        let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|p| p.into_inner()));
        if !batch.is_empty() {
            let (requests, senders): (Vec<R>, Vec<_>) = batch.into_iter().unzip();
            let answers = run(requests).await;
            for (sender, answer) in senders.into_iter().zip(answers) {
                let _ = sender.send(answer);
            }
        }
        drop(guard);
        rx.await.map_err(|_| AppError::Internal("the batch was cancelled before it was written".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn every_request_gets_its_own_answer_and_waiting_ones_go_together() {
        let batcher = Arc::new(Batcher::<usize, usize>::default());
        let batches = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for i in 0..200 {
            let (batcher, batches) = (batcher.clone(), batches.clone());
            tasks.push(tokio::spawn(async move {
                batcher
                    .submit(i, |requests| async move {
                        batches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                        requests.into_iter().map(|r| r * 10).collect()
                    })
                    .await
                    .unwrap()
            }));
        }
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap(), i * 10);
        }
        assert!(batches.load(Ordering::SeqCst) < 200, "some requests were written together");
    }
}
