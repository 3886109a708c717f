"""Background work on a real task queue (huey): the web starts a job, any task worker on any machine runs it.

- `queue`: the queue built from settings (embedded SqliteHuey by default, RedisHuey for TRADEDESK_QUEUE_URL=
  redis://...) and the one huey task, `run_job(job_id)`, with its retries and back-off;
- `jobs`: the job rows (progress, attempts, errors, outcome), which every web worker reads;
- `runner`: one attempt of a job, recorded on its row; `kinds`: what each kind of job does;
- `worker`: `tradedesk worker` (a huey consumer); `supervisor`: `tradedesk serve` (gunicorn + a worker).

Tasks take only a job id: what they need is loaded through the services in their own units of work, so a
task means the same in whichever process runs it. Nothing here imports Flask.
"""
