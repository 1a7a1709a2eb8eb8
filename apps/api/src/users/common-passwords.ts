/**
 * Passwords of 12+ characters that appear near the top of public breach corpora. Shorter ones are
 * already refused by the length rule. Compared case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1234567891011', '111111111111',
  '000000000000', '123123123123', '121212121212', '987654321098', '112233445566', '123412341234',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdf', 'qwertyuiopasdfghjkl', 'qwerty123456', 'qwerty12345678',
  'asdfghjkl123', 'asdfghjkl1234', 'zxcvbnm12345', '1qaz2wsx3edc', '1q2w3e4r5t6y', 'q1w2e3r4t5y6',
  '1qaz2wsx3edc4rfv', 'zaq12wsxcde3', 'password1234', 'password12345', 'password123456', 'password123!',
  'password2020', 'password2021', 'password2022', 'password2023', 'password2024', 'password2025', 'password2026',
  'passwordpassword', 'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234', 'mypassword123', 'newpassword123',
  'changeme1234', 'changemeplease', 'letmein12345', 'welcome12345', 'welcome123456', 'iloveyou1234',
  'iloveyou12345', 'administrator', 'administrator1', 'admin1234567', 'admin123456789', 'adminadmin123',
  'superman1234', 'batman123456', 'football1234', 'baseball1234', 'basketball12', 'basketball123',
  'princess1234', 'sunshine1234', 'starwars1234', 'monkey123456', 'dragon123456', 'master123456',
  'trustno11234', 'whatever1234', 'abcdefghijkl', 'abcdefghijklm', 'abc123456789', 'abcd12345678',
  'aaaaaaaaaaaa', 'correcthorsebatterystaple', 'correct horse battery staple', 'thequickbrownfox',
  'lightbox1234', 'lightboxlightbox', 'photos123456', 'gallery12345',
]);
