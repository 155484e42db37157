export { DirectoryQueueDestination, type DirectoryQueueOptions } from './directory-queue.destination.js';
