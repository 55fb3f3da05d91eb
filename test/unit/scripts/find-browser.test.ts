import { describe, expect, it, vi } from 'vitest';
import { BrowserNotFoundError, findBrowser, findOrInstallBrowser, installCommand, type Host } from '../../../scripts/find-browser.ts';

const PLAYWRIGHT = '/home/ines/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

/** A machine where exactly `present` exist. */
function host(present: string[], overrides: Partial<Host> = {}): Host {
  const files = new Set(present);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    platform: 'linux',
    exists: (path) => files.has(path),
    playwrightChromium: () => PLAYWRIGHT,
    osRelease: () => '',
    ...overrides,
  };
}

describe('findBrowser', () => {
  it('takes CLAUSEMARK_BROWSER first, then Playwright’s Chromium, then the system’s', () => {
    const all = ['/opt/my-chrome', PLAYWRIGHT, '/usr/bin/chromium', '/usr/bin/google-chrome'];
    expect(findBrowser(host(all, { env: { PATH: '/usr/bin', CLAUSEMARK_BROWSER: '/opt/my-chrome' } }))).toEqual({ executablePath: '/opt/my-chrome', source: 'CLAUSEMARK_BROWSER' });
    expect(findBrowser(host(all))).toEqual({ executablePath: PLAYWRIGHT, source: 'Playwright' });
    expect(findBrowser(host(all.slice(2)))).toEqual({ executablePath: '/usr/bin/chromium', source: 'system' });
    expect(findBrowser(host(['/usr/bin/google-chrome']))).toEqual({ executablePath: '/usr/bin/google-chrome', source: 'system' });
    expect(findBrowser(host([]))).toBeUndefined();
  });

  it('refuses a CLAUSEMARK_BROWSER that names nothing rather than quietly using another browser', () => {
    expect(() => findBrowser(host([PLAYWRIGHT], { env: { CLAUSEMARK_BROWSER: '/opt/missing' } }))).toThrow(/CLAUSEMARK_BROWSER is set to \/opt\/missing, which does not exist/);
  });

  it('skips Playwright when it has no build for this machine', () => {
    expect(findBrowser(host(['/usr/bin/chromium'], { playwrightChromium: () => undefined }))?.executablePath).toBe('/usr/bin/chromium');
  });

  it('looks on PATH in order: chromium, chromium-browser, google-chrome', () => {
    const env = { PATH: '/snap/bin:/opt/bin' };
    expect(findBrowser(host(['/opt/bin/chromium-browser', '/snap/bin/google-chrome'], { env }))?.executablePath).toBe('/opt/bin/chromium-browser');
    expect(findBrowser(host(['/opt/bin/chromium', '/snap/bin/chromium-browser'], { env }))?.executablePath).toBe('/opt/bin/chromium');
  });

  it('finds Chrome or Chromium where macOS and Windows install them', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(host([mac], { platform: 'darwin', env: { PATH: '/usr/bin:/bin', HOME: '/Users/ines' } }))?.executablePath).toBe(mac);
    expect(findBrowser(host(['/Users/ines/Applications/Chromium.app/Contents/MacOS/Chromium'], { platform: 'darwin', env: { HOME: '/Users/ines' } }))?.source).toBe('system');

    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const env = { Path: 'C:\\Windows\\system32', PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\ines\\AppData\\Local' };
    expect(findBrowser(host([chrome], { platform: 'win32', env }))?.executablePath).toBe(chrome);
    expect(findBrowser(host(['C:\\Tools\\chromium.exe', chrome], { platform: 'win32', env: { ...env, Path: 'C:\\Tools' } }))?.executablePath).toBe('C:\\Tools\\chromium.exe');
  });
});

describe('findOrInstallBrowser', () => {
  it('installs Playwright’s Chromium only when no browser is found', () => {
    const install = vi.fn(() => true);
    findOrInstallBrowser(host(['/usr/bin/chromium']), install);
    expect(install).not.toHaveBeenCalled();

    const files = new Set<string>();
    const machine = host([], { exists: (path) => files.has(path) });
    const browser = findOrInstallBrowser(machine, () => {
      files.add(PLAYWRIGHT);
      return true;
    });
    expect(browser).toEqual({ executablePath: PLAYWRIGHT, source: 'Playwright' });
  });

  it('fails with one sentence naming this system’s install command when the install fails too', () => {
    const debian = host([], { osRelease: () => 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n' });
    let error: unknown;
    try {
      findOrInstallBrowser(debian, () => false);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('`sudo apt-get install -y chromium`');
    expect(message).toContain('CLAUSEMARK_BROWSER');
    expect(message.match(/[.;!?](\s|$)/g)).toEqual(['.']);
  });
});

describe('installCommand', () => {
  it('names the package manager of this system', () => {
    const linux = (osRelease: string) => installCommand(host([], { osRelease: () => osRelease }));
    expect(linux('ID=debian')).toBe('sudo apt-get install -y chromium');
    expect(linux('ID=ubuntu\nID_LIKE=debian')).toBe('sudo snap install chromium');
    expect(linux('ID="fedora"')).toBe('sudo dnf install -y chromium');
    expect(linux('ID="rocky"\nID_LIKE="rhel centos fedora"')).toBe('sudo dnf install -y chromium');
    expect(linux('ID=arch')).toBe('sudo pacman -S chromium');
    expect(linux('')).toBe('npx playwright install --with-deps chromium');
    expect(installCommand(host([], { platform: 'darwin' }))).toBe('brew install --cask chromium');
    expect(installCommand(host([], { platform: 'win32' }))).toBe('winget install Google.Chrome');
  });
});
