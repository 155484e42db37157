export { SmimeSigner, type SmimeSignerOptions } from './smime.signer.js';
