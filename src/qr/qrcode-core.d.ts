// qrcode's symbol maker alone, without the package's PNG, SVG and terminal renderers (and pngjs)
// that its main module loads: the one function this project calls, typed as the package's own.
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
