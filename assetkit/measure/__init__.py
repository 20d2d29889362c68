"""Pixel metrics with no PSD knowledge (numpy): colour difference, SSIM, saliency."""
