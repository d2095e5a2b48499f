// The uint8 image every augmentation before toTensor works on (PIL's "L" / "RGB" layout: rows of interleaved channels).

/** A uint8 image, HWC. */
export interface U8Image {
  data: Uint8Array;
  height: number;
  width: number;
  channels: number;
}
