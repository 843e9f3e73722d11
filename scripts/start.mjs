// `npm start`: builds the lab and serves the build, saying only what a user needs: warnings, if
// any, and the address to open, as the last line.
import { build, preview } from 'vite';

console.log('Building lr-lab…');
await build({ logLevel: 'warn' });
const server = await preview({ logLevel: 'silent' });
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
console.log('Ready. Open the lab at:');
console.log(url);
