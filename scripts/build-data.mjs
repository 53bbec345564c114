// placeholder replaced by the datasets conversion
