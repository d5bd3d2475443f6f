import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
await page.goto('file://' + process.argv[2]);
const h = await page.evaluate(() => document.documentElement.scrollHeight);
await page.screenshot({ path: '/tmp/shot-bottom.png', fullPage: true, clip: { x: 0, y: Math.max(0, h - 1400), width: 1100, height: 1400 } });
await browser.close();
