/**
 * The text as a QR code: an SVG data URL, for an `<img>`. The encoder is loaded the first time a
 * code is drawn, so it stays out of the first bundle and out of every page that shows none.
 */
export async function qrCodeImage(text: string): Promise<string> {
  // A CommonJS package: the bundle hands it over whole, as the default export, with no named ones.
  const { default: qrcode } = await import('qrcode');
  const svg = await qrcode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
