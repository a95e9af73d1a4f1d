// Public surface of the store worker: a worker thread that owns the TraceStore, with typed async calls.
export { StoreWorker, type IngestEvent, type StoreWorkerOptions, type WorkerCrashEvent } from './store-worker';
