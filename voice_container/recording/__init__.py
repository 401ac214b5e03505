"""Call recordings: both sides spooled to a stereo WAV while the call runs, uploaded to S3 after it."""
