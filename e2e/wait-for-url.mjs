// Waits until a URL answers 200, so a second test server can start after the first has built the app.
const [url, seconds = '300'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
while (Date.now() < deadline) {
  try {
    if ((await fetch(url)).ok) process.exit(0);
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
console.error(`${url} did not answer within ${seconds} s`);
process.exit(1);
