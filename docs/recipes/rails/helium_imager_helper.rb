# app/helpers/helium_imager_helper.rb: signed, responsive <img> tags for Helium Imager.
#
#   <%= helium_image_tag "photos", "2026/cat 1.jpg", widths: [320, 640, 1280], sizes: "(max-width: 700px) 100vw, 700px", alt: "A cat" %>
#
# Needs the signer: copy docs/signing/sign.rb to lib/helium_imager.rb and add
# `require "helium_imager"` to config/initializers/helium_imager.rb; and, in config/credentials.yml.enc,
# helium_imager: { url: "https://images.example.org", signing_key: "…" }. URLs expire after an hour
# and name the signed-in user as the viewer (the server's audit trail records it).

module HeliumImagerHelper
  # The signed URLs of one image at several widths, as srcset candidates ("url 640w").
  def helium_srcset(bucket, key, widths:, format: "auto", expires_in: 3600, viewer: nil, base: helium_imager_settings[:url])
    expires = Time.now.to_i + expires_in
    widths.map do |width|
      params = [["w", width.to_s], ["format", format]]
      params << ["sub", viewer.to_s] if viewer
      "#{base}#{HeliumImager.sign_url(helium_imager_settings[:signing_key], bucket, key, params, expires: expires)} #{width}w"
    end
  end

  def helium_image_tag(bucket, key, widths:, sizes:, alt:, **options)
    viewer = respond_to?(:current_user) && current_user ? current_user.id : nil
    candidates = helium_srcset(bucket, key, widths: widths, viewer: viewer)
    image_tag(candidates.last.split(" ").first, srcset: candidates.join(", "), sizes: sizes, alt: alt, loading: "lazy", **options)
  end

  def helium_imager_settings
    Rails.application.credentials.helium_imager
  end
end
