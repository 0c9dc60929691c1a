return await Helium.Imager.HeliumServer.RunAsync(args);
